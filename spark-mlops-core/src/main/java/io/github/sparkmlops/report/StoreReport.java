package io.github.sparkmlops.report;

import io.github.sparkmlops.internal.report.ReportQuery;
import io.github.sparkmlops.internal.report.Reports;
import io.github.sparkmlops.internal.value.Require;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * A self-contained HTML report of a store: time series as line charts (zoom, hover values, events
 * and alerts marked on the time axis), histograms as bars (the earliest and the latest in range side
 * by side), drift as a heat map, vectors and multi-line graphs as charts, tables, strings and opaque
 * values, events and alerts, the model registry and its history, and one row per run. The page
 * inlines its chart library (uPlot) and its data: it makes no network request, and a name or text
 * from the store shows as text and never runs.
 *
 * <p>Made from {@code MLOps.report()} (this instance's store, flushed first) or {@link #of} (any
 * store), narrowed with the filters below, each returning a new report; then {@link #html()} (for
 * Databricks' {@code displayHTML}) or {@link #write}. Data is reduced where it lies: a series keeps
 * at most a few thousand points (the smallest and the largest of each interval), tables and lists
 * keep their latest rows, so the file stays small whatever the store's size. Reading needs the
 * spark-mlops-sql module (the {@code mlops} data source) on the classpath.
 *
 * <p>{@link ReportMain} does the same under {@code spark-submit}. Instances are immutable and
 * thread-safe.
 */
public final class StoreReport {

  private final SparkSession spark;
  private final ReportQuery query;

  private StoreReport(SparkSession spark, ReportQuery query) {
    this.spark = spark;
    this.query = query;
  }

  /**
   * A report of the store at {@code store} (a path or URI any Hadoop filesystem of {@code spark}
   * serves), with no filter.
   *
   * @param spark the session whose filesystems read the store
   * @param store the store's root
   * @return the report
   * @throws IllegalArgumentException if {@code store} is blank
   */
  public static StoreReport of(SparkSession spark, String store) {
    Require.notNull("spark", spark);
    return new StoreReport(spark, ReportQuery.of(store));
  }

  /**
   * Only the records of this application ({@code mlapp}); null for every application.
   *
   * @param mlapp the application's name, or null
   * @return this report, to chain calls
   */
  public StoreReport mlapp(String mlapp) {
    return new StoreReport(spark, new ReportQuery(query.store(), mlapp, query.since(),
        query.until(), query.statPrefixes(), query.model()));
  }

  /**
   * Only records from {@code since} (inclusive); null for no lower bound.
   *
   * @param since the first instant included, or null
   * @return this report, to chain calls
   */
  public StoreReport since(Instant since) {
    return new StoreReport(spark, new ReportQuery(query.store(), query.mlapp(), since,
        query.until(), query.statPrefixes(), query.model()));
  }

  /**
   * Only records before {@code until} (exclusive); null for no upper bound. It must be after
   * {@link #since}: {@link #html()} and {@link #write} refuse it otherwise.
   *
   * @param until the first instant left out, or null
   * @return this report, to chain calls
   */
  public StoreReport until(Instant until) {
    return new StoreReport(spark, new ReportQuery(query.store(), query.mlapp(), query.since(),
        until, query.statPrefixes(), query.model()));
  }

  /**
   * Only stats whose names start with one of {@code prefixes}; none for every stat. Events, models
   * and runs are not narrowed by it.
   *
   * @param prefixes the names' prefixes
   * @return this report, to chain calls
   * @throws IllegalArgumentException if a prefix is null or empty
   */
  public StoreReport stats(String... prefixes) {
    Require.notNull("prefixes", prefixes);
    return new StoreReport(spark, new ReportQuery(query.store(), query.mlapp(), query.since(),
        query.until(), Arrays.asList(prefixes), query.model()));
  }

  /**
   * Only what concerns the model named {@code model}: its versions and their history, the runs that
   * published a version (with their stats and events), and the stats and drift recorded against
   * its versions; null for every model.
   *
   * @param model the model's name, or null
   * @return this report, to chain calls
   */
  public StoreReport model(String model) {
    return new StoreReport(spark, new ReportQuery(query.store(), query.mlapp(), query.since(),
        query.until(), query.statPrefixes(), model));
  }

  /**
   * The report as one HTML page (ASCII text), for a file or Databricks' {@code displayHTML}.
   *
   * @return the HTML page
   * @throws IllegalArgumentException naming the path if there is no store there, or if {@code
   *     until} is not after {@code since}
   * @throws IllegalStateException if spark-mlops-sql (the {@code mlops} data source) is missing
   */
  public String html() {
    return Reports.html(spark, query);
  }

  /**
   * Writes the report to {@code file} (its parent folders created, an existing file replaced at
   * once, never half written) and returns the file's absolute path. While an {@code MLOps} instance
   * of this application reports to the same store, the report is recorded in its {@code reports}
   * table.
   *
   * @param file where to write
   * @return the file's absolute path
   * @throws IllegalArgumentException as {@link #html()} does
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public Path write(Path file) {
    Require.notNull("file", file);
    return Reports.write(spark, query, file);
  }
}
