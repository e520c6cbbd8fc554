package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.StructType;

/**
 * The views of a store: tables that are not stored but folded, on the driver, from the stored ones
 * when read. {@code models} has one row per model version as it stands; {@code runs} one row per
 * application run, MLflow's runs table from what the store holds.
 */
public enum StoreView {
  /** One row per model version with its current stage, aliases, tags and metrics. */
  MODELS("models", RegistryViews.MODELS, RegistryViews.MODELS_MEANINGS,
      "One row per model version as it stands: its current stage, aliases, tags and metrics, "
          + "folded from `model_versions` and `model_history`, with the lineage of its training "
          + "run.", RegistryViews::models),
  /** One row per run: context, start and end, parameters, last metrics, models published. */
  RUNS("runs", RegistryViews.RUNS, RegistryViews.RUNS_MEANINGS,
      "One row per application run (MLflow's runs table, from what the store holds), folded from "
          + "`stats`, `model_versions` and `lineage`.", RegistryViews::runs);

  private final String viewName;
  private final StructType schema;
  private final Map<String, String> meanings;
  private final String meaning;
  private final Rows rows;

  /** How a view's rows are folded. */
  private interface Rows {
    List<Object[]> of(StoreLayout store, Configuration hadoopConf, RunStats.Source stats);
  }

  StoreView(String viewName, StructType schema, Map<String, String> meanings, String meaning,
      Rows rows) {
    this.viewName = viewName;
    this.schema = schema;
    this.meanings = TableSpec.checkedMeanings(viewName, List.of(schema.fieldNames()), meanings);
    this.meaning = meaning;
    this.rows = rows;
  }

  /** The view named {@code name}, ignoring case, if there is one. */
  public static Optional<StoreView> find(String name) {
    return Arrays.stream(values()).filter(v -> v.viewName.equalsIgnoreCase(name)).findFirst();
  }

  /** Every view's name. */
  public static List<String> names() {
    return Arrays.stream(values()).map(StoreView::viewName).toList();
  }

  /** The name users read it by, in options and SQL. */
  public String viewName() {
    return viewName;
  }

  /** What the view holds, for the reference page. */
  public String meaning() {
    return meaning;
  }

  /** What each column holds, by column name, in column order. */
  public Map<String, String> meanings() {
    return meanings;
  }

  /** Its columns. */
  public StructType sparkSchema() {
    return schema;
  }

  /**
   * Its rows now, in {@link #sparkSchema()} order: strings, boxed numbers, {@code Long}
   * microseconds for timestamps, {@code List} for arrays and {@code Map} for maps. Everything is
   * read on the calling thread through Kernel, the {@code stats} table through the {@link
   * RunStatsCache} (only what it does not hold yet).
   */
  public List<Object[]> rows(StoreLayout store, Configuration hadoopConf) {
    return rows(store, hadoopConf,
        RunStatsCache.current(store, hadoopConf, RunStatsCache.Whole.ON_THE_DRIVER));
  }

  /**
   * Its rows now, as {@link #rows(StoreLayout, Configuration)} gives them, the {@code stats} table
   * summed up by {@code stats} (the {@code runs} view's only table that grows with every flush: a
   * caller with a Spark session may aggregate it there, see {@link RunStatsCache#current}) and the
   * rest read through Kernel.
   */
  public List<Object[]> rows(StoreLayout store, Configuration hadoopConf,
      RunStats.Source stats) {
    return rows.of(store, hadoopConf, stats);
  }
}
