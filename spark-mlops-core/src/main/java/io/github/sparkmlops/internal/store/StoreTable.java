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
  STATS(StoreSchema.STATS, "Stats and KPIs: one row per reported value. `model_version`, the "
      + "stream columns and `model_name` came after the first release: rows written before them "
      + "hold null there."),
  /** Events and alerts. */
  EVENTS(StoreSchema.EVENTS, "Events and alerts: one row each. The stream columns came after the "
      + "first release: rows written before them hold null there."),
  /** Published model versions, one row each, never changed. */
  MODEL_VERSIONS(ModelTables.VERSIONS, "Published model versions, one row each, never changed "
      + "(the stored half of the `models` view)."),
  /** Stage transitions, alias moves, tags and metrics of model versions after publication. */
  MODEL_HISTORY(ModelTables.HISTORY, "Stage transitions, alias moves, tags and metrics of model "
      + "versions after publication, one row per change."),
  /** Drift of each column of a current distribution from its baseline, per comparison. */
  DRIFT(DriftTable.SPEC, "Drift of each column of a current distribution from its baseline: one "
      + "row per column and comparison, with the columns of Databricks Lakehouse Monitoring's "
      + "drift table where they exist. The metric columns are null where they do not apply."),
  /** The HTML reports a run wrote, one row each. */
  REPORTS(ReportTable.SPEC, "The HTML reports a run wrote (`MLOps.report().write(file)`), one row "
      + "each."),
  /** The relations each successful query of a run read and wrote, one row each. */
  LINEAGE(LineageTable.SPEC, "The relations each successful query of a run read and wrote, one "
      + "row each; a stream's micro-batch records its sources and its sink, with the stream "
      + "columns set.");

  private final TableSpec<?> spec;
  private final String meaning;

  StoreTable(TableSpec<?> spec, String meaning) {
    this.spec = spec;
    this.meaning = meaning;
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

  /** What the table holds, for the reference page (its columns' meanings are in its spec). */
  public String meaning() {
    return meaning;
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
