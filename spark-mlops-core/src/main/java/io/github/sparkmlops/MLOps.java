package io.github.sparkmlops;

import io.github.sparkmlops.internal.aggregate.ProfileStats;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.read.StatShapes;
import io.github.sparkmlops.internal.run.NamedAccumulators;
import io.github.sparkmlops.run.RunContext;
import static org.apache.spark.sql.functions.col;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.aggregate.MLOpsFunctions;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.internal.flush.Flusher;
import io.github.sparkmlops.internal.store.EventRecord;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.TextValue;
import io.github.sparkmlops.accumulate.CategoryAccumulator;
import io.github.sparkmlops.accumulate.CountAccumulator;
import io.github.sparkmlops.accumulate.HistogramAccumulator;
import io.github.sparkmlops.accumulate.SummaryAccumulator;
import io.github.sparkmlops.accumulate.VectorAccumulator;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.internal.aggregate.ElementSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.Summary;
import java.net.InetAddress;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The MLOps channel of a Spark application: report stats, KPIs and events; they are buffered on the
 * driver and written to the MLOps store (Delta tables) by a background thread.
 *
 * <pre>{@code
 * MLOps mlops = MLOps.init(spark);
 * mlops.setStat("rows.read", 1_000_000);
 * mlops.setStat("model.type", "gbt", StatCategory.CONFIG);
 * mlops.setKpi("revenue", 1250.0, Instant.parse("2026-11-01T00:00:00Z"));
 * mlops.dataAlert("null features", "12% of rows have a null age");
 * mlops.done();
 * }</pre>
 *
 * <p>Every report is validated on the calling thread (a bad argument is an
 * {@link IllegalArgumentException} and nothing of the call is kept), then acknowledged into a
 * bounded buffer; no call does I/O. Records are written on an interval ({@code
 * spark.mlops.flush.interval}), on {@link #flush()}, on {@link #done()} and at JVM shutdown. There is
 * one active instance per SparkContext; the methods are thread-safe.
 */
public final class MLOps {

  private static final Logger LOG = LoggerFactory.getLogger(MLOps.class);
  private static final AtomicReference<MLOps> ACTIVE = new AtomicReference<>();
  /** Runs before Hadoop closes its cached filesystems (priority 10), which the flush needs. */
  private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;
  /** How long done() waits for Spark's listener bus and the listener's queue to drain. */
  private static final Duration LISTENER_DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final MLOpsConfig config;
  private final RunContext context;
  private final String writerId;
  private final AtomicLong seq = new AtomicLong();
  private final Flusher flusher;
  private final Runnable shutdownHook;
  private final NamedAccumulators accumulators = new NamedAccumulators();
  /** The session to read and compute with; null until one is known (listener-made instances). */
  private volatile SparkSession spark;
  private MLOpsListener listener;
  private boolean listenerInstalledHere;
  private volatile FlushReport finalReport;

  private MLOps(Map<String, String> conf, String appName, String runId,
      Configuration hadoopConf, String warehouseDir, SparkSession spark) {
    this.spark = spark;
    this.config = MLOpsConfig.from(conf, appName, warehouseDir);
    this.context = new RunContext(config.mlapp(), config.pipeline(), config.node(), runId,
        driverHost(conf));
    this.writerId = "mlops-" + UUID.randomUUID();
    if (!config.enabled()) {
      LOG.info("spark-mlops is disabled ({}=false): reports are validated and discarded",
          MLOpsConfig.ENABLED);
      this.flusher = null;
      this.shutdownHook = null;
      return;
    }
    Engine engine = Store.engine(hadoopConf);
    this.flusher = new Flusher(writerId, config.flush(), Store.writers(engine, config.store()));
    this.shutdownHook = this::finishAtShutdown;
    ShutdownHookManager.get().addShutdownHook(shutdownHook, SHUTDOWN_PRIORITY,
        config.doneTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    LOG.info("spark-mlops writes to {} as {} (run {})", config.store().root(), writerId,
        context.runId());
  }

  private static MLOps forSession(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    return new MLOps(CollectionConverters.asJava(spark.conf().getAll()), sc.appName(),
        runId(sc.applicationId(), sc.applicationAttemptId()), sc.hadoopConfiguration(),
        spark.conf().get("spark.sql.warehouse.dir"), spark);
  }

  private static MLOps forConf(SparkConf sparkConf) {
    Map<String, String> conf = new HashMap<>();
    for (scala.Tuple2<String, String> kv : sparkConf.getAll()) {
      conf.put(kv._1(), kv._2());
    }
    String warehouse = conf.getOrDefault("spark.sql.warehouse.dir",
        "file:" + Paths.get("spark-warehouse").toAbsolutePath());
    return new MLOps(conf, sparkConf.get("spark.app.name", "spark-app"),
        runId(sparkConf.get("spark.app.id", "unknown-app"), sparkConf.getOption("spark.app.attempt.id")),
        SparkHadoopUtil.get().newConfiguration(sparkConf), warehouse, null);
  }

  /**
   * Returns the active instance for this session's SparkContext, creating it if there is none. An
   * instance left over from a stopped SparkContext is finished first.
   *
   * @throws IllegalArgumentException if a {@code spark.mlops.*} setting is malformed
   */
  public static synchronized MLOps init(SparkSession spark) {
    Require.notNull("spark", spark);
    SparkContext sc = spark.sparkContext();
    MLOps current = ACTIVE.get();
    if (current != null && !current.belongsTo(runId(sc.applicationId(), sc.applicationAttemptId()))) {
      current.done();
      current = null;
    }
    if (current == null) {
      current = forSession(spark);
      ACTIVE.set(current);
    }
    if (current.spark == null) {
      current.spark = spark;
    }
    current.installListener(sc);
    return current;
  }

  /**
   * The active instance of the application {@code conf} describes, created if there is none, for a
   * {@link MLOpsListener} that Spark made from {@code spark.extraListeners}.
   */
  static synchronized MLOps forListener(SparkConf conf) {
    String runId = runId(conf.get("spark.app.id", "unknown-app"),
        conf.getOption("spark.app.attempt.id"));
    MLOps current = ACTIVE.get();
    if (current != null && !current.belongsTo(runId)) {
      current.done();
      current = null;
    }
    if (current == null) {
      current = forConf(conf);
      ACTIVE.set(current);
    }
    return current;
  }

  private boolean belongsTo(String runId) {
    return finalReport == null && context.runId().equals(runId);
  }

  /** Installs a listener bound to this instance unless one already is. */
  private synchronized void installListener(SparkContext sc) {
    if (listener != null || !config.enabled() || !config.listenerEnabled() || finalReport != null) {
      return;
    }
    MLOpsListener created = new MLOpsListener(this);
    sc.addSparkListener(created);
    listenerInstalledHere = true;
    event(Event.builder(EventType.GENERIC, "application started")
        .message("Spark application " + sc.appName() + " started")
        .time(Instant.ofEpochMilli(sc.startTime()))
        .build());
  }

  /**
   * Binds {@code candidate} as this instance's listener; false if disabled, done, or another
   * listener is already bound (then {@code candidate} must stay idle, or it would double count).
   */
  synchronized boolean bindListener(MLOpsListener candidate) {
    if (listener != null || !config.enabled() || finalReport != null) {
      return false;
    }
    listener = candidate;
    return true;
  }

  /**
   * The active instance.
   *
   * @throws IllegalStateException if {@link #init} was not called or {@link #done} was
   */
  public static MLOps get() {
    MLOps current = ACTIVE.get();
    if (current == null) {
      throw new IllegalStateException("MLOps is not initialised: call MLOps.init(spark) first");
    }
    return current;
  }

  /** Where this application's records come from, as stored on each of them. */
  public RunContext context() {
    return context;
  }

  /** The settings in force. */
  public MLOpsConfig config() {
    return config;
  }

  /** Reports a number as a {@link StatCategory#TIME_SERIES} stat. */
  public MLOps setStat(String name, double value) {
    return setStat(name, value, StatCategory.TIME_SERIES);
  }

  /** Reports a number. NaN and the infinities are stored as they are. */
  public MLOps setStat(String name, double value, StatCategory category) {
    return setStat(name, new NumberValue(value), category);
  }

  /** Reports a string. */
  public MLOps setStat(String name, String value, StatCategory category) {
    return setStat(name, new TextValue(value), category);
  }

  /** Reports any value as a {@link StatCategory#TIME_SERIES} stat. */
  public MLOps setStat(String name, StatValue value) {
    return setStat(name, value, StatCategory.TIME_SERIES);
  }

  /** Reports any value: vector, histogram, table, multi-line graph, opaque JSON, number, string. */
  public MLOps setStat(String name, StatValue value, StatCategory category) {
    Require.notNull("value", value);
    return record(name, category, value.type(), value, Instant.now());
  }

  /** Reports a KPI measured now. */
  public MLOps setKpi(String name, double value) {
    return setKpi(name, value, Instant.now());
  }

  /**
   * Reports a KPI measured at {@code time}, which may be in the past (to load history) or in the
   * future. Stored as a {@link StatCategory#TIME_SERIES} stat of type {@link StatType#KPI}.
   */
  public MLOps setKpi(String name, double value, Instant time) {
    return record(name, StatCategory.TIME_SERIES, StatType.KPI, new NumberValue(value),
        Require.notNull("time", time));
  }

  /** Reports an event or alert. */
  public MLOps event(Event event) {
    Require.notNull("event", event);
    offer(StoreTable.EVENTS, StoreSchema.eventRow(
        new EventRecord(context, writerId, seq.incrementAndGet(), event)));
    return this;
  }

  /** Raises a data alert (severity WARNING). */
  public MLOps dataAlert(String title, String message) {
    return event(Event.builder(EventType.DATA_ALERT, title).message(message).build());
  }

  /** Raises a health alert (severity WARNING). */
  public MLOps healthAlert(String title, String message) {
    return event(Event.builder(EventType.HEALTH_ALERT, title).message(message).build());
  }

  /** Raises a system alert (severity WARNING). */
  public MLOps systemAlert(String title, String message) {
    return event(Event.builder(EventType.SYSTEM_ALERT, title).message(message).build());
  }

  /** Writes everything reported so far, waiting at most {@code spark.mlops.flush.timeout}. */
  public FlushReport flush() {
    return flush(config.flushTimeout());
  }

  /**
   * Writes everything reported so far, waiting at most {@code timeout}. Never throws because of the
   * store: what could not be written stays buffered, is retried, and shows in the report.
   */
  public FlushReport flush(Duration timeout) {
    Require.notNull("timeout", timeout);
    if (finalReport != null) {
      return finalReport;
    }
    if (flusher == null) {
      return emptyReport();
    }
    reportAccumulators();
    return flusher.flush(timeout);
  }

  /** The counts as they stand: acknowledged, written, pending, dropped, failed attempts. */
  public FlushReport report() {
    if (finalReport != null) {
      return finalReport;
    }
    return flusher == null ? emptyReport() : flusher.report();
  }

  /**
   * Writes everything reported, retrying for at most {@code spark.mlops.done.timeout}, and ends this
   * instance. The report's {@code pending} counts the records that could not be written; they are
   * also logged as an error. Calling it again returns the same report.
   */
  public synchronized FlushReport done() {
    if (finalReport != null) {
      return finalReport;
    }
    FlushReport report = emptyReport();
    if (flusher != null) {
      if (listener != null) {
        SparkContext sc = spark == null ? null : spark.sparkContext();
        listener.finish(sc, LISTENER_DRAIN_TIMEOUT);
        if (listenerInstalledHere && sc != null) {
          sc.removeSparkListener(listener);
        }
      }
      reportAccumulators();
      report = flusher.close(config.doneTimeout());
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(shutdownHook);
      }
    }
    finalReport = report;
    ACTIVE.compareAndSet(this, null);
    LOG.info("spark-mlops done: {}", report);
    return report;
  }

  /**
   * The history of one stat between {@code start} (inclusive) and {@code end} (exclusive), shaped
   * for its type, with the context columns {@code mlapp, pipeline, node, run_id, host} after the
   * type's own columns:
   *
   * <ul>
   *   <li>NUMBER and KPI: {@code time, value, category, type};
   *   <li>STRING: {@code time, value, category};
   *   <li>VECTOR: {@code time, values, labels, category};
   *   <li>HISTOGRAM: {@code time, hist_type, bin_edges, labels, hist_values, category};
   *   <li>TABLE: one row per table row: {@code time, row_name, column_names, column_types, cells};
   *   <li>MULTI_LINE_GRAPH: {@code time}, then one column per series label;
   *   <li>OPAQUE: {@code time, data} (the JSON text).
   * </ul>
   *
   * <p>What this instance reported is flushed first, so it is part of the answer. Reading needs the
   * spark-mlops-sql module (the {@code mlops} data source) on the classpath.
   *
   * @throws IllegalStateException if the stat was reported with more than one type
   */
  public Dataset<Row> getStat(String name, Instant start, Instant end) {
    return getStat(name, start, end, null, null);
  }

  /** {@link #getStat(String, Instant, Instant)} for one pipeline and/or node (null: any). */
  public Dataset<Row> getStat(String name, Instant start, Instant end, String pipeline, String node) {
    Require.name("name", name);
    Dataset<Row> rows = history(StoreTable.STATS, start, end).option("name", name).load();
    if (pipeline != null) {
      rows = rows.where(col(StoreSchema.PIPELINE).equalTo(pipeline));
    }
    if (node != null) {
      rows = rows.where(col(StoreSchema.NODE).equalTo(node));
    }
    return StatShapes.shape(rows);
  }

  /** The KPI's history, as {@link #getStat} shapes numbers. */
  public Dataset<Row> getKpi(String name, Instant start, Instant end) {
    return getStat(name, start, end).where(col(StoreSchema.TYPE).equalTo(StatType.KPI.name()));
  }

  /** The events and alerts between {@code start} (inclusive) and {@code end} (exclusive). */
  public Dataset<Row> getEvents(Instant start, Instant end) {
    return history(StoreTable.EVENTS, start, end).load().orderBy(StoreSchema.TIME);
  }

  private DataFrameReader history(StoreTable table, Instant start, Instant end) {
    Require.notNull("start", start);
    Require.notNull("end", end);
    if (finalReport == null) {
      flush();
    }
    return session().read().format("mlops")
        .option("store", config.store().root())
        .option("table", table.directory())
        .option("start", start.toString())
        .option("end", end.toString());
  }

  /** Reports the stats of a summary (see {@link Summary#stats}) under {@code name}. */
  public MLOps setStat(String name, Summary<?> summary) {
    Require.name("name", name);
    Require.notNull("summary", summary);
    return recordAll(summary.stats(name), Instant.now());
  }

  /**
   * Reports the distribution of an RDD's elements, computed in one action: numbers as a continuous
   * histogram with automatic bins (KLL-backed), strings and booleans as a categorical histogram,
   * MLlib vectors and {@code double[]} as vector statistics. See {@link ElementSummary} for the
   * stats recorded; {@code name.count} is always one of them (0 for an empty RDD).
   *
   * @throws IllegalArgumentException if the elements are of mixed or unsupported types
   */
  public MLOps setStat(String name, JavaRDD<?> data) {
    Require.name("name", name);
    Require.notNull("data", data);
    return recordAll(ElementSummary.of(data).stats(name), Instant.now());
  }

  /**
   * Reports the result of an {@link MLOpsFunctions} aggregate ({@code histogram}, {@code
   * categoricalHistogram}, {@code vectorSummary}) under {@code name}.
   */
  public MLOps setStat(String name, Row aggregateResult) {
    return recordAll(MLOpsFunctions.stats(name, aggregateResult), Instant.now());
  }

  /**
   * Profiles every column of {@code df} in one pass ({@link DataProfiler} with its defaults) and
   * reports it under {@code "data"}: see {@link #setDataDistributionStat(String, DataProfile)}.
   */
  public MLOps setDataDistributionStat(Dataset<?> df) {
    return setDataDistributionStat("data", df);
  }

  /** Profiles every column of {@code df} in one pass and reports it under {@code name}. */
  public MLOps setDataDistributionStat(String name, Dataset<?> df) {
    Require.name("name", name);
    Require.notNull("df", df);
    return setDataDistributionStat(name, DataProfiler.forSchema(df.schema()).profile(df));
  }

  /**
   * Reports a profile: the table {@code name} (one row per column: kind, count, missing, zeros,
   * nan, min, max, mean, stddev, p05 to p95, distinct, avg_length), {@code name.rows}, and per
   * column the histogram {@code name.<column>} (or vector statistics under that prefix).
   */
  public MLOps setDataDistributionStat(String name, DataProfile profile) {
    Require.name("name", name);
    Require.notNull("profile", profile);
    return recordAll(ProfileStats.of(name, profile), Instant.now());
  }

  /**
   * A histogram accumulator with automatic bins (KLL-backed, no range needed up front), registered
   * with Spark and reported as {@code name} when a job that updated it ends.
   */
  public HistogramAccumulator histogramAccumulator(String name) {
    return register(name, new HistogramAccumulator(ContinuousSummary.automatic()));
  }

  /**
   * A histogram accumulator with fixed edges (open-ended bins are added at either side), e.g. taken
   * from a baseline's histogram; registered and reported like {@link #histogramAccumulator(String)}.
   */
  public HistogramAccumulator histogramAccumulator(String name, double... edges) {
    return register(name, new HistogramAccumulator(ContinuousSummary.withEdges(edges)));
  }

  /** A categorical histogram accumulator (exact up to 1,000 values, then a sketch). */
  public CategoryAccumulator categoryAccumulator(String name) {
    return register(name, new CategoryAccumulator(CategorySummary.create()));
  }

  /** A counter accumulator, reported as the number {@code name}. */
  public CountAccumulator countAccumulator(String name) {
    return register(name, new CountAccumulator());
  }

  /** A vector statistics accumulator (the numbers of MLlib's {@code Summarizer}). */
  public VectorAccumulator vectorAccumulator(String name) {
    return register(name, new VectorAccumulator());
  }

  /**
   * Registers an accumulator with Spark under {@code name} and reports its stats when a job that
   * updated it ends (and on {@link #flush()} and {@link #done()}).
   *
   * @throws IllegalArgumentException if another accumulator already reports under {@code name}
   */
  public <A extends SummaryAccumulator<?, ?>> A register(String name, A accumulator) {
    Require.name("name", name);
    Require.notNull("accumulator", accumulator);
    accumulators.add(name, accumulator);
    session().sparkContext().register(accumulator, name);
    return accumulator;
  }

  /** Reports the accumulators that changed since they were last reported. */
  void reportAccumulators() {
    if (finalReport == null && flusher != null) {
      recordAll(accumulators.changedStats(), Instant.now());
    }
  }

  /** Reports stats as {@link StatCategory#TIME_SERIES}, all at {@code time}. */
  MLOps recordAll(List<NamedStat> stats, Instant time) {
    for (NamedStat stat : stats) {
      record(stat.name(), StatCategory.TIME_SERIES, stat.value().type(), stat.value(), time);
    }
    return this;
  }

  private SparkSession session() {
    SparkSession s = spark;
    return s != null ? s : SparkSession.active();
  }

  private void finishAtShutdown() {
    MLOpsListener l;
    synchronized (this) {
      l = listener;
    }
    if (l != null) {
      l.awaitReports(Duration.ofSeconds(5));
    }
    flusher.close(config.doneTimeout());
  }

  private MLOps record(
      String name, StatCategory category, StatType type, StatValue value, Instant time) {
    Require.name("name", name);
    Require.notNull("category", category);
    offer(StoreTable.STATS, StoreSchema.statRow(new StatRecord(
        time, context, writerId, seq.incrementAndGet(), name, category.name(), type, value)));
    return this;
  }

  private void offer(StoreTable table, Object[] row) {
    if (finalReport != null) {
      throw new IllegalStateException("MLOps.done() was called: call MLOps.init(spark) again");
    }
    if (flusher != null) {
      flusher.offer(table, row, config.offerTimeout());
    }
  }

  private FlushReport emptyReport() {
    return new FlushReport(0, 0, 0, 0, 0, null);
  }

  private static String runId(String applicationId, Option<String> attemptId) {
    return attemptId.isDefined() ? applicationId + "_" + attemptId.get() : applicationId;
  }

  private static String driverHost(Map<String, String> conf) {
    String host = conf.get("spark.driver.host");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
