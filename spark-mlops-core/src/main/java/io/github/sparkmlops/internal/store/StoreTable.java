package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.StructType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The tables of a store, each one {@link TableSpec}. A new table is a new spec here; the writer,
 * the readers and the catalog iterate over {@link #values()}.
 */
public enum StoreTable {
  /** Stats and KPIs. */
  STATS(StoreSchema.STATS),
  /** Events and alerts. */
  EVENTS(StoreSchema.EVENTS),
  /** Published model versions, one row each, never changed. */
  MODEL_VERSIONS(ModelTables.VERSIONS),
  /** Stage transitions, alias moves, tags and metrics of model versions after publication. */
  MODEL_HISTORY(ModelTables.HISTORY),
  /** Drift of each column of a current distribution from its baseline, per comparison. */
  DRIFT(DriftTable.SPEC),
  /** The HTML reports a run wrote, one row each. */
  REPORTS(ReportTable.SPEC),
  /** The relations each successful query of a run read and wrote, one row each. */
  LINEAGE(LineageTable.SPEC);

  private final TableSpec<?> spec;

  StoreTable(TableSpec<?> spec) {
    this.spec = spec;
  }

  /**
   * The table by its name (also its directory), as users spell it in options and SQL.
   *
   * @throws IllegalArgumentException naming the known tables, if there is no such table
   */
  public static StoreTable named(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "Unknown store table '" + name + "'; the tables are " + String.join(", ", names())));
  }

  /** The table named {@code name}, ignoring case, if the store has one. */
  public static Optional<StoreTable> find(String name) {
    return Arrays.stream(values()).filter(t -> t.directory().equalsIgnoreCase(name)).findFirst();
  }

  /** Every table's name, for listings and for errors that must say what exists. */
  public static List<String> names() {
    return Arrays.stream(values()).map(StoreTable::directory).toList();
  }

  /** The table's declaration. */
  public TableSpec<?> spec() {
    return spec;
  }

  /** The table's directory name under the store root, also its name in the catalog. */
  public String directory() {
    return spec.name();
  }

  /** The table's Kernel schema (a relocated type in the assembly jar: for this library's use). */
  public StructType schema() {
    return spec.schema();
  }

  /** The table's Spark schema. */
  public org.apache.spark.sql.types.StructType sparkSchema() {
    return spec.sparkSchema();
  }
}
