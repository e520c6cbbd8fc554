/**
 * The MLOps store: its Delta tables, their columns (defined once in
 * {@link io.github.sparkmlops.internal.store.StoreSchema}) and the Delta Kernel writer.
 */
package io.github.sparkmlops.internal.store;
