package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.StructType;

/** The Delta tables under a store root, each in the directory named by {@link #directory()}. */
public enum StoreTable {
  /** Stats and KPIs. */
  STATS("stats", StoreSchema.STATS),
  /** Events and alerts. */
  EVENTS("events", StoreSchema.EVENTS);

  private final String directory;
  private final StructType schema;

  StoreTable(String directory, StructType schema) {
    this.directory = directory;
    this.schema = schema;
  }

  /** The table's directory name under the store root, also its name in the catalog. */
  public String directory() {
    return directory;
  }

  /** The table's Kernel schema (a relocated type in the assembly jar: for this library's use). */
  public StructType schema() {
    return schema;
  }
}
