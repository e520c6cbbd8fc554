package io.github.sparkmlops.internal.store;

/**
 * A model version a stat describes: the model's name and the version's number, stored in the stats
 * columns {@link StoreSchema#MODEL_NAME} and {@link StoreSchema#MODEL_VERSION}.
 */
public record ModelRef(String name, long version) {}
