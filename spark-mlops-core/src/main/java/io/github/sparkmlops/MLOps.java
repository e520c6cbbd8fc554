package io.github.sparkmlops;

import io.github.sparkmlops.accumulate.CategoryAccumulator;
import io.github.sparkmlops.accumulate.CountAccumulator;
import io.github.sparkmlops.accumulate.HistogramAccumulator;
import io.github.sparkmlops.accumulate.SummaryAccumulator;
import io.github.sparkmlops.accumulate.VectorAccumulator;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.aggregate.MLOpsFunctions;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.health.Health;
import io.github.sparkmlops.internal.aggregate.ElementSummary;
import io.github.sparkmlops.internal.aggregate.ProfilePlan;
import io.github.sparkmlops.internal.aggregate.ProfileStats;
import io.github.sparkmlops.internal.health.HealthChecks;
import io.github.sparkmlops.internal.lineage.LineageCapture;
import io.github.sparkmlops.internal.listen.ListenerCore;
import io.github.sparkmlops.internal.read.History;
import io.github.sparkmlops.internal.run.ActiveRun;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.ModelRegistry;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.PublishOptions;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.report.StoreReport;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.MaintenanceReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.Summary;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.TextValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

  // the package of Spark Connect's client-side SparkSession
  private static final String CONNECT_SESSIONS = "org.apache.spark.sql.connect.";

  private final ApplicationRun run;
  private final RecordSink sink;
  private final HealthChecks health;

  private MLOps(ApplicationRun run) {
    this.run = run;
    this.sink = run.sink();
    this.health = new HealthChecks(run);
  }

  /**
   * Returns the active instance for this session's SparkContext, creating it if there is none. An
   * instance left over from a stopped SparkContext is finished first. Unless {@code
   * spark.mlops.listener.enabled=false}, an {@link MLOpsListener} is installed when none reports
   * for the application yet. Unless {@code spark.mlops.lineage.enabled=false}, an {@link
   * MLOpsQueryListener} is registered on {@code spark}'s listener manager when none is there
   * (independently of the first), and the relations each successful query reads and writes go to
   * the store's {@code lineage} table.
   *
   * @param spark the session whose SparkContext the instance reports for
   * @return the active instance
   * @throws IllegalArgumentException if a {@code spark.mlops.*} setting is malformed, or {@code
   *     spark.mlops.store} can never hold the store (a scheme no filesystem serves, a regular file,
   *     a path under a regular file)
   * @throws IllegalStateException if {@code spark} is a Spark Connect client's session, which has
   *     no SparkContext to report from
   */
  public static synchronized MLOps init(SparkSession spark) {
    Require.notNull("spark", spark);
    if (spark.getClass().getName().startsWith(CONNECT_SESSIONS)) {
      throw new IllegalStateException("MLOps.init needs classic Spark: its facade, accumulators "
          + "and the profile's own job run beside the driver's SparkContext, which a Spark Connect "
          + "client does not have. From a Connect client, read the store with "
          + "spark.read.format(\"mlops\") and SQL on the mlops catalog, and let an MLOpsListener "
          + "in the server's spark.extraListeners record the jobs; report from a classic "
          + "(dedicated, single-user) cluster.");
    }
    ApplicationRun run = ActiveRun.forSession(spark);
    if (run.wantsListener()) {
      ListenerCore core = ListenerCore.bindTo(run);
      if (core != null) {
        SparkContext sc = spark.sparkContext();
        MLOpsListener listener = new MLOpsListener(core);
        sc.addSparkListener(listener);
        run.installed(sc, listener);
      }
    }
    // lineage does not depend on the Spark listener: its own switch, its own thread
    if (LineageCapture.bindTo(run) != null) {
      MLOpsQueryListener.registerOn(spark);
    }
    return run.facade(MLOps::new, MLOps.class);
  }

  /**
   * The active instance.
   *
   * @return the active instance
   * @throws IllegalStateException if {@link #init} was not called or {@link #done} was
   */
  public static MLOps get() {
    return ActiveRun.current().facade(MLOps::new, MLOps.class);
  }

  /**
   * Where this application's records come from, as stored on each of them.
   *
   * @return the context stored on each record
   */
  public RunContext context() {
    return run.context();
  }

  /**
   * The store root this instance writes to ({@code spark.mlops.store} or its default).
   *
   * @return the store root
   */
  public String storeRoot() {
    return run.config().store().root();
  }

  /**
   * Reports a number as a {@link StatCategory#TIME_SERIES} stat.
   *
   * @param name the stat's name
   * @param value the value
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, double value) {
    return setStat(name, value, StatCategory.TIME_SERIES);
  }

  /**
   * Reports a number. NaN and the infinities are stored as they are.
   *
   * @param name the stat's name
   * @param value the value
   * @param category {@link StatCategory#CONFIG} (last value wins) or {@link
   *     StatCategory#TIME_SERIES} (every value kept)
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, double value, StatCategory category) {
    return setStat(name, new NumberValue(value), category);
  }

  /**
   * Reports a string.
   *
   * @param name the stat's name
   * @param value the value
   * @param category {@link StatCategory#CONFIG} (last value wins) or {@link
   *     StatCategory#TIME_SERIES} (every value kept)
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, String value, StatCategory category) {
    return setStat(name, new TextValue(value), category);
  }

  /**
   * Reports any value as a {@link StatCategory#TIME_SERIES} stat.
   *
   * @param name the stat's name
   * @param value the value
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, StatValue value) {
    return setStat(name, value, StatCategory.TIME_SERIES);
  }

  /**
   * Reports any value: vector, histogram, table, multi-line graph, opaque JSON, number, string.
   *
   * @param name the stat's name
   * @param value the value
   * @param category {@link StatCategory#CONFIG} (last value wins) or {@link
   *     StatCategory#TIME_SERIES} (every value kept)
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, StatValue value, StatCategory category) {
    Require.notNull("value", value);
    return record(name, category, value.type(), value, Instant.now());
  }

  /**
   * Records a parameter of this run (MLflow's {@code log_param}): the {@link StatCategory#CONFIG}
   * string stat {@code param.<name>}, which the {@code runs} view shows in {@code params}. Setting
   * it again to the same value does nothing.
   *
   * @param name the parameter's name, without {@code param.}
   * @param value its value
   * @return this instance, to chain calls
   * @throws IllegalArgumentException if {@code name} breaks the name rule or is longer than 250
   *     characters, or this run set the parameter to another value before (the message names both)
   */
  public MLOps setParam(String name, String value) {
    run.setParam(name, new TextValue(value));
    return this;
  }

  /**
   * Records a number parameter of this run as the {@link StatCategory#CONFIG} number stat {@code
   * param.<name>}: see {@link #setParam(String, String)}. NaN and the infinities are values like
   * any other (NaN again is the same value); a number and the string of it are two values.
   *
   * @param name the parameter's name, without {@code param.}
   * @param value its value
   * @return this instance, to chain calls
   */
  public MLOps setParam(String name, double value) {
    run.setParam(name, new NumberValue(value));
    return this;
  }

  /**
   * Reports a KPI measured now.
   *
   * @param name the KPI's name
   * @param value its value
   * @return this instance, to chain calls
   */
  public MLOps setKpi(String name, double value) {
    return setKpi(name, value, Instant.now());
  }

  /**
   * Reports a KPI measured at {@code time}, which may be in the past (to load history) or in the
   * future. Stored as a {@link StatCategory#TIME_SERIES} stat of type {@link StatType#KPI}.
   *
   * @param name the KPI's name
   * @param value its value
   * @param time when the KPI was measured
   * @return this instance, to chain calls
   */
  public MLOps setKpi(String name, double value, Instant time) {
    return record(name, StatCategory.TIME_SERIES, StatType.KPI, new NumberValue(value), time);
  }

  /**
   * Reports an event or alert.
   *
   * @param event the event, built with {@link Event#builder}
   * @return this instance, to chain calls
   */
  public MLOps event(Event event) {
    sink.event(event);
    return this;
  }

  /**
   * Raises a data alert (severity WARNING).
   *
   * @param title the alert's title
   * @param message what happened, for a reader
   * @return this instance, to chain calls
   */
  public MLOps dataAlert(String title, String message) {
    return event(Event.builder(EventType.DATA_ALERT, title).message(message).build());
  }

  /**
   * Raises a health alert (severity WARNING).
   *
   * @param title the alert's title
   * @param message what happened, for a reader
   * @return this instance, to chain calls
   */
  public MLOps healthAlert(String title, String message) {
    return event(Event.builder(EventType.HEALTH_ALERT, title).message(message).build());
  }

  /**
   * Raises a system alert (severity WARNING).
   *
   * @param title the alert's title
   * @param message what happened, for a reader
   * @return this instance, to chain calls
   */
  public MLOps systemAlert(String title, String message) {
    return event(Event.builder(EventType.SYSTEM_ALERT, title).message(message).build());
  }

  /**
   * Writes everything reported so far, waiting at most {@code spark.mlops.flush.timeout}.
   *
   * @return the flusher's counts after the wait
   */
  public FlushReport flush() {
    return flush(run.config().flushTimeout());
  }

  /**
   * Writes everything reported so far, waiting at most {@code timeout}. Never throws because of the
   * store: what could not be written stays buffered, is retried, and shows in the report. Then
   * checks the new points of the series named in {@code spark.mlops.health.anomalies} for
   * anomalies (see {@link Health#anomalies}); their alerts are written by the next flush.
   *
   * @param timeout how long to wait for the store
   * @return the flusher's counts after the wait
   */
  public FlushReport flush(Duration timeout) {
    FlushReport report = run.flush(timeout);
    health.checkWatchedSeries();
    return report;
  }

  /**
   * Maintains the store now and returns what was done: in every table, date partitions with at
   * least {@code spark.mlops.maintenance.minFiles} files under {@code
   * spark.mlops.maintenance.targetFileSize} are rewritten into files of that size (one commit per
   * partition, marked {@code dataChange=false}); the version left is checkpointed, commits older
   * than {@code spark.mlops.maintenance.logRetention} are removed, and data files that no version
   * within {@code spark.mlops.maintenance.fileRetention} needs are deleted. Safe while this and
   * other applications write to the store. It also runs by itself every {@code
   * spark.mlops.maintenance.interval} unless {@code spark.mlops.maintenance.enabled=false}.
   *
   * @return what was compacted, checkpointed and removed, table by table
   * @throws IllegalStateException if reporting is disabled or {@link #done()} was called, or if a
   *     table is of a newer store format (left untouched)
   * @throws java.io.UncheckedIOException if the store cannot be read or written; what was done
   *     stays done and nothing is lost
   */
  public MaintenanceReport maintain() {
    return run.maintain();
  }

  /**
   * The flusher's counts as they stand: acknowledged, written, pending, dropped, failed attempts
   * (before the HTML report came, {@code report()} returned these).
   *
   * @return the flusher's counts now
   */
  public FlushReport status() {
    return run.report();
  }

  /**
   * A self-contained HTML report of this instance's store (see {@link StoreReport}): what this
   * instance reported is flushed first, and each report {@link StoreReport#write written} before
   * {@link #done()} is recorded in the store's {@code reports} table with this run's context.
   *
   * @return the report, ready to render or write
   */
  public StoreReport report() {
    flushBeforeReading();
    return StoreReport.of(run.session(), storeRoot());
  }

  /**
   * Writes everything reported, retrying for at most {@code spark.mlops.done.timeout}, and ends this
   * instance. The report's {@code pending} counts the records that could not be written; they are
   * also logged as an error. Calling it again returns the same report.
   *
   * @return the flusher's final counts
   */
  public FlushReport done() {
    return run.finish();
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
   * @param name the stat's name
   * @param start the first instant included
   * @param end the first instant left out
   * @return one row per reported value, with the columns above
   * @throws IllegalStateException if the stat was reported with more than one type
   */
  public Dataset<Row> getStat(String name, Instant start, Instant end) {
    return getStat(name, start, end, null, null);
  }

  /**
   * {@link #getStat(String, Instant, Instant)} for one pipeline and/or node (null: any).
   *
   * @param name the stat's name
   * @param start the first instant included
   * @param end the first instant left out
   * @param pipeline the pipeline, or null for any
   * @param node the node, or null for any
   * @return the rows {@link #getStat(String, Instant, Instant)} returns, narrowed
   */
  public Dataset<Row> getStat(String name, Instant start, Instant end, String pipeline, String node) {
    flushBeforeReading();
    return History.stat(run.session(), storeRoot(), name, start, end, pipeline, node, null);
  }

  /**
   * The KPI's history, as {@link #getStat} shapes numbers; other values reported under the same
   * name are left out.
   *
   * @param name the KPI's name
   * @param start the first instant included
   * @param end the first instant left out
   * @return one row per reported value of the KPI
   */
  public Dataset<Row> getKpi(String name, Instant start, Instant end) {
    flushBeforeReading();
    return History.stat(run.session(), storeRoot(), name, start, end, null, null, StatType.KPI);
  }

  /**
   * The events and alerts between {@code start} (inclusive) and {@code end} (exclusive).
   *
   * @param start the first instant included
   * @param end the first instant left out
   * @return one row per event, with its context columns
   */
  public Dataset<Row> getEvents(Instant start, Instant end) {
    flushBeforeReading();
    return History.events(run.session(), storeRoot(), start, end);
  }

  private void flushBeforeReading() {
    if (!run.isFinished()) {
      flush();
    }
  }

  /**
   * Publishes an MLlib model (a {@code PipelineModel} above all) under {@code name} as its next
   * version: saved under the store root, every file checksummed, recorded with this run's context
   * and the last data profile it reported. See {@link ModelRegistry}.
   *
   * @param name the registered model's name
   * @param model the fitted model to save
   * @return the version published
   */
  public ModelVersion publishModel(String name, MLWritable model) {
    return models().publish(name, model);
  }

  /**
   * Publishes an MLlib model with a description, tags, metrics, signature or profile.
   *
   * @param name the registered model's name
   * @param model the fitted model to save
   * @param options what to record with the version
   * @return the version published
   */
  public ModelVersion publishModel(String name, MLWritable model, PublishOptions options) {
    return models().publish(name, model, options);
  }

  /**
   * Loads the model a URI names ({@code models:/NAME/VERSION}, {@code models:/NAME/STAGE}, {@code
   * models:/NAME/latest}, {@code models:/NAME@ALIAS}) after checking its files' checksum.
   *
   * @param <T> the model's class
   * @param uri a {@code models:/} URI
   * @param type the class to load the model as, e.g. {@code PipelineModel.class}
   * @return the model, loaded
   */
  public <T> T loadModel(String uri, Class<T> type) {
    return models().load(uri, type);
  }

  /**
   * The inputs of the run that published the version a {@code models:/} URI names ({@code
   * models:/NAME/VERSION}, {@code models:/NAME/STAGE}, {@code models:/NAME/latest}, {@code
   * models:/NAME@ALIAS}): the rows of the store's {@code lineage} table with that run's id and
   * {@code direction = 'input'}, with the table's columns. Each Delta input names its {@code path}
   * (or {@code table_name}) and {@code version}, so the exact training data reads back with time
   * travel: {@code spark.read().format("delta").option("versionAsOf", version).load(path)}. They
   * are everything the run read, before and after the publication. What this instance recorded is
   * flushed first; the query listener records each query on its own thread a moment after it
   * ends, so within a running run its last queries may show a little later ({@link #done()} waits
   * for them). Reading needs the spark-mlops-sql module.
   *
   * @param modelUri a {@code models:/} URI
   * @return the training run's inputs, one row per relation read
   * @throws IllegalArgumentException if the URI is malformed or names no version of this store
   */
  public Dataset<Row> inputsOf(String modelUri) {
    ModelVersion version = models().get(modelUri);
    flushBeforeReading();
    return History.inputs(run.session(), storeRoot(), version.context().runId());
  }

  /**
   * Health checks on this instance's store: drift of data from a baseline (a model version's
   * training profile, a stored profile, a Dataset), in batch and per micro-batch, with alerts. See
   * {@link Health}.
   *
   * @return the health checks
   */
  public Health health() {
    return health;
  }

  /**
   * The model registry of this instance's store: stages, aliases, tags, promotion, evaluation.
   *
   * @return the model registry
   */
  public ModelRegistry models() {
    return run.models();
  }

  /**
   * Reports a number as a {@link StatCategory#TIME_SERIES} stat attached to a model version
   * (ParallelM's {@code modelId}): stored with {@code model_name} and {@code model_version}. The
   * first stat attached to a version checks that this store holds it (reading the registry: two
   * Delta snapshot loads), so no stat names a version of another store.
   *
   * @param model the version the stat is about
   * @param name the stat's name
   * @param value the value
   * @return this instance, to chain calls
   * @throws IllegalArgumentException if this store does not hold {@code model} (a version of
   *     another store, even of the same name and number)
   */
  public MLOps setStat(ModelVersion model, String name, double value) {
    return setStat(model, name, new NumberValue(value));
  }

  /**
   * Reports any value as a {@link StatCategory#TIME_SERIES} stat attached to a model version.
   *
   * @param model the version the stat is about
   * @param name the stat's name
   * @param value the value
   * @return this instance, to chain calls
   */
  public MLOps setStat(ModelVersion model, String name, StatValue value) {
    run.models().modelStat(model, name, value);
    return this;
  }

  /**
   * Reports the stats of a summary (see {@link Summary#stats}) under {@code name}.
   *
   * @param name the prefix of the stats' names
   * @param summary a summary, e.g. an accumulator's value
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, Summary<?> summary) {
    Require.name("name", name);
    Require.notNull("summary", summary);
    return timeSeries(summary.stats(name));
  }

  /**
   * Reports the distribution of an RDD's elements, computed in one action: numbers as a continuous
   * histogram with automatic bins (the profile's relative-error sketch), strings and booleans as a
   * categorical histogram, MLlib vectors and {@code double[]} as vector statistics. See {@link ElementSummary} for the
   * stats recorded; {@code name.count} is always one of them (0 for an empty RDD).
   *
   * @param name the prefix of the stats' names
   * @param data the RDD to summarise
   * @return this instance, to chain calls
   * @throws IllegalArgumentException if the elements are of mixed or unsupported types
   */
  public MLOps setStat(String name, JavaRDD<?> data) {
    Require.name("name", name);
    Require.notNull("data", data);
    return timeSeries(ElementSummary.of(data).stats(name));
  }

  /**
   * Reports the result of an {@link MLOpsFunctions} aggregate ({@code histogram}, {@code
   * categoricalHistogram}, {@code vectorSummary}) under {@code name}.
   *
   * @param name the stat's name
   * @param aggregateResult the row {@code agg} returned, with one column
   * @return this instance, to chain calls
   */
  public MLOps setStat(String name, Row aggregateResult) {
    return timeSeries(MLOpsFunctions.stats(name, aggregateResult));
  }

  /**
   * Profiles every column of {@code df} in one pass ({@link DataProfiler} with its defaults) and
   * reports it under {@code "data"}: see {@link #setDataDistributionStat(String, DataProfile)}.
   *
   * @param df the data to profile
   * @return this instance, to chain calls
   */
  public MLOps setDataDistributionStat(Dataset<?> df) {
    return setDataDistributionStat("data", df);
  }

  /**
   * Profiles every column of {@code df} in one pass and reports it under {@code name}, with its
   * sketches ({@code name#sketch}), so that it can be a drift baseline ({@link #health()}). Each
   * numeric column's sketch is centred on its value in the first row ({@code limit(1)}, a small
   * job before the pass), so that the quantiles, and drift later, are as accurate for a column
   * far from 0 (a year, a timestamp) as for one around it.
   *
   * @param name the stat's name
   * @param df the data to profile
   * @return this instance, to chain calls
   */
  public MLOps setDataDistributionStat(String name, Dataset<?> df) {
    Require.name("name", name);
    Require.notNull("df", df);
    timeSeries(ProfileStats.of(name, ProfilePlan.defaults(df.schema()).centredOn(df).run(df)));
    run.profiled(name);
    return this;
  }

  /**
   * Returns {@code stream} with its distribution reported at every micro-batch under {@code name},
   * with no {@code foreachBatch} code: {@code columns} (every column when none are given) are
   * profiled as the batch runs ({@code Dataset.observe}), and the listener stores each batch's
   * profile as {@link #setDataDistributionStat(String, DataProfile)} would, with the query's name
   * and id and the batch id, once per batch. Use the returned Dataset in the query:
   *
   * <pre>{@code
   * Dataset<Row> predictions = mlops.observe(model.transform(input), "predictions", "prediction");
   * predictions.writeStream().format("parquet")...start();
   * }</pre>
   *
   * @param <T> the type of the stream's rows
   * @param stream a streaming Dataset
   * @param name the stat name, also the observation's name; unique among the query's observations
   * @param columns the columns to profile; none: all
   * @return {@code stream}, observed
   * @throws IllegalArgumentException if {@code stream} is not streaming (profile a batch Dataset
   *     with {@link #setDataDistributionStat(String, Dataset)}) or lacks one of {@code columns}
   */
  public <T> Dataset<T> observe(Dataset<T> stream, String name, String... columns) {
    Require.notNull("stream", stream);
    Require.name("name", name);
    Require.notNull("columns", columns);
    if (!stream.isStreaming()) {
      throw new IllegalArgumentException("observe() reports a streaming Dataset per micro-batch; "
          + "this one is not streaming: profile it with setDataDistributionStat(name, df)");
    }
    StructType schema = stream.schema();
    if (columns.length > 0) {
      StructType chosen = new StructType();
      for (String column : columns) {
        StructField field = Arrays.stream(schema.fields())
            .filter(f -> f.name().equals(column)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("The stream has no column '" + column
                + "'; it has " + String.join(", ", stream.columns())));
        chosen = chosen.add(field);
      }
      schema = chosen;
    }
    return DataProfiler.forSchema(schema).observe(stream, name);
  }

  /**
   * Reports a profile: the table {@code name} (one row per column: kind, count, missing, zeros,
   * nan, min, max, mean, stddev, p05 to p95, distinct, avg_length), {@code name.rows}, and per
   * column the histogram {@code name.<column>} (or vector statistics under that prefix).
   *
   * @param name the stat's name
   * @param profile a profile from {@link DataProfiler}
   * @return this instance, to chain calls
   */
  public MLOps setDataDistributionStat(String name, DataProfile profile) {
    Require.name("name", name);
    Require.notNull("profile", profile);
    timeSeries(ProfileStats.of(name, profile));
    run.profiled(name);
    return this;
  }

  /**
   * A histogram accumulator with automatic bins (no range needed up front; the same bins as {@code
   * MLOpsFunctions.histogram} and {@code DataProfiler}), registered with Spark and reported as
   * {@code name} when a job that updated it ends.
   *
   * @param name the stat's name
   * @return the accumulator, registered
   */
  public HistogramAccumulator histogramAccumulator(String name) {
    return register(name, new HistogramAccumulator(ContinuousSummary.automatic()));
  }

  /**
   * A histogram accumulator with fixed edges (open-ended bins are added at either side), e.g. taken
   * from a baseline's histogram; registered and reported like {@link #histogramAccumulator(String)}.
   *
   * @param name the stat's name
   * @param edges the bins' edges, ascending
   * @return the accumulator, registered
   */
  public HistogramAccumulator histogramAccumulator(String name, double... edges) {
    return register(name, new HistogramAccumulator(ContinuousSummary.withEdges(edges)));
  }

  /**
   * A categorical histogram accumulator (exact up to 1,000 values, then a sketch).
   *
   * @param name the stat's name
   * @return the accumulator, registered
   */
  public CategoryAccumulator categoryAccumulator(String name) {
    return register(name, new CategoryAccumulator(CategorySummary.create()));
  }

  /**
   * A counter accumulator, reported as the number {@code name}.
   *
   * @param name the stat's name
   * @return the accumulator, registered
   */
  public CountAccumulator countAccumulator(String name) {
    return register(name, new CountAccumulator());
  }

  /**
   * A vector statistics accumulator (the numbers of MLlib's {@code Summarizer}).
   *
   * @param name the stat's name
   * @return the accumulator, registered
   */
  public VectorAccumulator vectorAccumulator(String name) {
    return register(name, new VectorAccumulator());
  }

  /**
   * Registers an accumulator with Spark under {@code name} and reports its stats when a job that
   * updated it ends (and on {@link #flush()} and {@link #done()}).
   *
   * @param <A> the accumulator's class
   * @param name the stat's name
   * @param accumulator an accumulator not yet registered
   * @return {@code accumulator}, registered
   * @throws IllegalArgumentException if another accumulator already reports under {@code name}
   */
  public <A extends SummaryAccumulator<?, ?>> A register(String name, A accumulator) {
    return run.register(name, accumulator);
  }

  private MLOps timeSeries(List<NamedStat> stats) {
    sink.timeSeries(stats, Instant.now());
    return this;
  }

  private MLOps record(
      String name, StatCategory category, StatType type, StatValue value, Instant time) {
    Require.notNull("category", category);
    sink.stat(name, category.name(), type, value, time);
    return this;
  }
}
