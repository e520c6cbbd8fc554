package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.internal.store.StoreLayout;
import java.util.Arrays;
import java.util.List;
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
  MODELS("models", RegistryViews.MODELS, RegistryViews::models),
  /** One row per run: context, start and end, parameters, last metrics, models published. */
  RUNS("runs", RegistryViews.RUNS, RegistryViews::runs);

  private final String viewName;
  private final StructType schema;
  private final Rows rows;

  /** How a view's rows are folded. */
  private interface Rows {
    List<Object[]> of(StoreLayout store, Configuration hadoopConf, RunStats.Source stats);
  }

  StoreView(String viewName, StructType schema, Rows rows) {
    this.viewName = viewName;
    this.schema = schema;
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

  /** Its columns. */
  public StructType sparkSchema() {
    return schema;
  }

  /**
   * Its rows now, in {@link #sparkSchema()} order: strings, boxed numbers, {@code Long}
   * microseconds for timestamps, {@code List} for arrays and {@code Map} for maps. Everything is
   * read on the calling thread through Kernel.
   */
  public List<Object[]> rows(StoreLayout store, Configuration hadoopConf) {
    return rows(store, hadoopConf, RegistryViews.kernelStats(store, hadoopConf));
  }

  /**
   * Its rows now, as {@link #rows(StoreLayout, Configuration)} gives them, the {@code stats} table
   * summed up by {@code stats} (the {@code runs} view's only table that grows with every flush: a
   * caller with a Spark session aggregates it there) and the rest read through Kernel.
   */
  public List<Object[]> rows(StoreLayout store, Configuration hadoopConf,
      RunStats.Source stats) {
    return rows.of(store, hadoopConf, stats);
  }
}
