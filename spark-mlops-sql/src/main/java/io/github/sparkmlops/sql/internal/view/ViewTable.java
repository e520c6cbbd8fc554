package io.github.sparkmlops.sql.internal.view;

import io.github.sparkmlops.internal.config.ConfigValues;
import io.github.sparkmlops.internal.model.RunStatsCache;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.sql.internal.read.ReadOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A {@link StoreView} as a batch table. Its rows are folded when the scan is built, so each query
 * sees the store as it is then. It takes the options {@code store} (or {@code path}) and {@code
 * table} only: filter it with {@code where}.
 */
public final class ViewTable implements SupportsRead {

  private static final Set<String> KEYS = Set.of("store", "path", "table", "lineage");

  /**
   * The size of {@code stats} data to read from which the {@code runs} view sums up the table in a
   * Spark job: roughly where the driver's fold (about 2.7 µs a row, single-threaded, in {@code
   * ModelBenchmark}) costs what a small job's start does, some 100,000 rows.
   */
  private static final long SPARK_FROM_BYTES = 1L << 20;

  private final StoreView view;
  private final StoreLayout store;

  private ViewTable(StoreView view, StoreLayout store) {
    this.view = view;
    this.store = store;
  }

  /**
   * The view that {@code options} name in their {@code table} option, if they name one.
   *
   * @param storeOf the store root the options give (or the session's)
   * @throws IllegalArgumentException if an option other than {@code store}, {@code path}, {@code
   *     table} and {@code lineage} is given for a view
   */
  public static Optional<ViewTable> of(Map<String, String> options,
      java.util.function.Function<Map<String, String>, StoreLayout> storeOf) {
    Optional<StoreView> view = options.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("table"))
        .findFirst()
        .flatMap(e -> StoreView.find(e.getValue().trim()));
    if (view.isEmpty()) {
      return Optional.empty();
    }
    requireViewOptions(view.get(), options);
    return Optional.of(new ViewTable(view.get(), storeOf.apply(options)));
  }

  private static void requireViewOptions(StoreView view, Map<String, String> options) {
    for (String key : options.keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (!KEYS.contains(lower)) {
        throw new IllegalArgumentException("Option '" + key + "' does not apply to the view '"
            + view.viewName() + "', which takes only store, table and lineage; filter it with "
            + "where()");
      }
      if (lower.equals("lineage")) {
        ConfigValues.bool("Option 'lineage'", options.get(key).trim());
      }
    }
  }

  /** The view's table in {@code store}. */
  public static ViewTable of(StoreView view, StoreLayout store) {
    return new ViewTable(view, store);
  }

  /**
   * The view's rows. The {@code stats} data the {@link RunStatsCache} does not hold yet is read on
   * the driver through Kernel when it is small (a job's start costs more), and the whole table is
   * summed up by a Spark job, at the version listed, when it is large: a store read for the first
   * time, or after maintenance rewrote its files. It runs while the query that reads the view is
   * planned, on its thread: never from a listener.
   */
  private List<Object[]> viewRows(SparkSession spark) {
    Configuration hadoopConf = spark.sessionState().newHadoopConf();
    return view.rows(store, hadoopConf, RunStatsCache.current(store, hadoopConf,
        (version, bytes) -> bytes >= SPARK_FROM_BYTES
            ? Optional.of(new SparkRunStats(spark, store.root(), version))
            : Optional.empty()));
  }

  @Override
  public String name() {
    return "mlops." + view.viewName();
  }

  // Spark 4.0 to 4.2 still read a table's schema through schema(), deprecated for columns()
  @SuppressWarnings("deprecation")
  @Override
  public StructType schema() {
    return view.sparkSchema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  /**
   * A scan of the view. The read's options ({@code spark.read.option(...).table(...)} on the
   * catalog gives its own) may only repeat what the view already is: naming another store or
   * another table is an error, not silently ignored.
   */
  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    Map<String, String> given = options.asCaseSensitiveMap();
    requireViewOptions(view, given);
    given.forEach((key, value) -> {
      if (key.equalsIgnoreCase("table") && !value.trim().equalsIgnoreCase(view.viewName())) {
        throw ReadOptions.givenTwice("table", view.viewName(), value);
      }
    });
    SparkSession spark = SparkSession.active();
    ReadOptions.explicitStore(given, () -> spark.sessionState().newHadoopConf()).ifPresent(root ->
        ReadOptions.requireSameStore(store.root(), "the view's store", root, "the read's options",
            () -> spark.sessionState().newHadoopConf()));
    return () -> new LocalScan() {
      private InternalRow[] rows;

      @Override
      public synchronized InternalRow[] rows() {
        if (rows == null) {
          rows = CatalystValues.rows(viewRows(SparkSession.active()), view.sparkSchema());
        }
        return rows;
      }

      @Override
      public StructType readSchema() {
        return view.sparkSchema();
      }

      @Override
      public String description() {
        return "mlops view " + view.viewName() + " of " + store.root();
      }
    };
  }
}
