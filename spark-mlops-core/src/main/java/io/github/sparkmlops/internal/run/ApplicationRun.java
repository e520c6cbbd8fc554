package io.github.sparkmlops.internal.run;

import io.github.sparkmlops.accumulate.SummaryAccumulator;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.maintain.StoreMaintenance;
import io.github.sparkmlops.internal.model.Registry;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.MaintenanceReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.TextValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListenerInterface;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one Spark application reports, from its start to {@link #finish()}: its settings and run
 * context, the {@link RecordSink} every record goes through, the accumulators to report, the
 * listener bound to it, the store's maintenance, and the shutdown hook that writes what is left if
 * the application exits without finishing. {@link ActiveRun} keeps the one run of the running SparkContext.
 */
public final class ApplicationRun {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationRun.class);
  /** How long finishing waits for Spark's listener bus and the listener's queue to drain. */
  private static final Duration LISTENER_DRAIN_TIMEOUT = Duration.ofSeconds(5);
  /** What a parameter's stat name starts with: {@code param.<name>}. */
  public static final String PARAM_PREFIX = "param.";

  private final MLOpsConfig config;
  private final RunContext context;
  private final RecordSink sink;
  private final NamedAccumulators accumulators = new NamedAccumulators();
  private final ShutdownFlush shutdownFlush;
  /** Null when reporting is disabled. */
  private final StoreMaintenance maintenance;
  /** The session to read and compute with; null until one is known (listener-made runs). */
  private volatile SparkSession spark;
  private ListenerHandle listener;
  /** What records the run's lineage, once bound; read without a lock from Spark's listener bus. */
  private volatile ListenerHandle lineage;
  private SparkListenerInterface installedListener;
  private SparkContext installedOn;
  private Object facade;
  private volatile FlushReport finalReport;
  private final Configuration hadoopConf;
  private Registry registry;
  /** The monitors of streaming observations, by observation name. */
  private final Map<String, BatchMonitor> monitors = new ConcurrentHashMap<>();
  /** The stat name of the last data profile reported, the baseline of a model published next. */
  private volatile String lastProfile;
  /** The parameters set in this run ({@link #setParam}), by name. */
  private final Map<String, StatValue> params = new ConcurrentHashMap<>();

  ApplicationRun(MLOpsConfig config, RunContext context, Configuration hadoopConf,
      SparkSession spark) {
    this.config = config;
    this.context = context;
    this.spark = spark;
    this.hadoopConf = hadoopConf;
    this.sink = RecordSink.open(config, context, hadoopConf);
    if (sink.writes()) {
      this.maintenance = new StoreMaintenance(config.store(), hadoopConf, config.maintenance());
      maintenance.startBackground();
      this.shutdownFlush = new ShutdownFlush(this::finish,
          config.doneTimeout().toMillis() + LISTENER_DRAIN_TIMEOUT.toMillis() + 5_000);
      LOG.info("spark-mlops writes to {} as {} (run {})", config.store().root(), sink.writerId(),
          context.runId());
      Instant start = Instant.now();
      config.identity().stats().forEach((name, value) ->
          sink.stat(name, RecordSink.CONFIG, StatType.STRING, new TextValue(value), start));
    } else {
      this.maintenance = null;
      this.shutdownFlush = null;
      LOG.info("spark-mlops is disabled ({}=false): reports are validated and discarded",
          MLOpsConfig.ENABLED);
    }
  }

  /** The settings in force. */
  public MLOpsConfig config() {
    return config;
  }

  /** Where this run's records come from. */
  public RunContext context() {
    return context;
  }

  /** The filesystem settings of the store, also used to qualify the paths lineage records. */
  public Configuration hadoopConf() {
    return hadoopConf;
  }

  /** Where this run's records go. */
  public RecordSink sink() {
    return sink;
  }

  /** The model registry of the run's store, made on first use. */
  public synchronized Registry models() {
    if (registry == null) {
      registry = new Registry(config.store(), context, hadoopConf, sink, () -> lastProfile);
    }
    return registry;
  }

  /**
   * Monitors the profile streaming queries observe under {@code name} from now on, in place of any
   * monitor of that name before.
   */
  public void monitor(String name, BatchMonitor monitor) {
    monitors.put(name, monitor);
  }

  /** The monitor of the observation {@code name}, if there is one. */
  public Optional<BatchMonitor> monitorOf(String name) {
    return Optional.ofNullable(monitors.get(name));
  }

  /** Notes that a data profile was reported under {@code statName}. */
  public void profiled(String statName) {
    lastProfile = statName;
  }

  /**
   * Records a parameter of the run (MLflow's {@code log_param}) as the {@code CONFIG} stat {@value
   * #PARAM_PREFIX}{@code <name>}. Setting it again to the same value does nothing.
   *
   * @param value a {@code TextValue} or a {@code NumberValue}
   * @throws IllegalArgumentException if {@code name} breaks the name rule or is longer than its
   *     stat name allows, or the run set this parameter to another value before
   */
  public void setParam(String name, StatValue value) {
    Require.name("name", name);
    Require.notNull("value", value);
    int longest = Require.MAX_NAME_LENGTH - PARAM_PREFIX.length();
    if (name.length() > longest) {
      throw new IllegalArgumentException("name must be at most " + longest + " characters (its "
          + "stat " + PARAM_PREFIX + "<name> at most " + Require.MAX_NAME_LENGTH + "), got "
          + name.length());
    }
    sink.requireOpen();
    StatValue held = params.putIfAbsent(name, value);
    if (held == null) {
      sink.stat(PARAM_PREFIX + name, RecordSink.CONFIG, value.type(), value, Instant.now());
    } else if (!held.equals(value)) {
      throw new IllegalArgumentException("Parameter '" + name + "' is already " + shown(held)
          + " in this run; it cannot also be " + shown(value));
    }
  }

  private static String shown(StatValue value) {
    return value instanceof TextValue text ? "'" + text.text() + "'"
        : value instanceof NumberValue number ? Double.toString(number.value()) : value.toString();
  }

  /** Whether this run is of the application {@code runId} and not finished. */
  boolean belongsTo(String runId) {
    return finalReport == null && context.runId().equals(runId);
  }

  /** Whether {@link #finish()} was called. */
  public boolean isFinished() {
    return finalReport != null;
  }

  /** The session reads and jobs use: the one the run was made with, else Spark's active one. */
  public SparkSession session() {
    SparkSession s = spark;
    return s != null ? s : SparkSession.active();
  }

  /** Remembers {@code session} for a run a listener made before any session was known. */
  void useSession(SparkSession session) {
    if (spark == null) {
      spark = session;
    }
  }

  /** The user-facing object of this run, made by {@code create} on first use. */
  public synchronized <T> T facade(Function<ApplicationRun, T> create, Class<T> type) {
    if (facade == null) {
      facade = create.apply(this);
    }
    return type.cast(facade);
  }

  /**
   * Binds {@code candidate} as the run's listener; false if reporting is disabled, the run is
   * finished, or another listener is bound (then {@code candidate} must stay idle, or it would
   * count everything twice).
   */
  public synchronized boolean bind(ListenerHandle candidate) {
    if (listener != null || !sink.writes() || finalReport != null) {
      return false;
    }
    listener = candidate;
    return true;
  }

  /** Whether a listener reports to this run (streaming progress reaches it only through one). */
  public synchronized boolean hasListener() {
    return listener != null;
  }

  /**
   * Binds {@code candidate} as what records the run's lineage; false if reporting or lineage is
   * disabled, the run is finished, or one is bound already (the caller then leaves its candidate
   * unstarted).
   */
  public synchronized boolean bindLineage(ListenerHandle candidate) {
    if (lineage != null || !sink.writes() || !config.lineageEnabled() || finalReport != null) {
      return false;
    }
    lineage = candidate;
    return true;
  }

  /** What records the run's lineage, or null when nothing does; never waits for a lock. */
  public ListenerHandle lineage() {
    return lineage;
  }

  /** Whether {@code MLOps.init} should install a listener: enabled, wanted, none bound yet. */
  public synchronized boolean wantsListener() {
    return listener == null && sink.writes() && config.listenerEnabled() && finalReport == null;
  }

  /**
   * Records that {@code installed}, bound to this run, was added to {@code sc} by the library (so
   * finishing removes it), and reports the application's start, which it did not see.
   */
  public synchronized void installed(SparkContext sc, SparkListenerInterface installed) {
    installedOn = sc;
    installedListener = installed;
    sink.event(Event.builder(EventType.GENERIC, "application started")
        .message("Spark application " + sc.appName() + " started")
        .time(Instant.ofEpochMilli(sc.startTime()))
        .build());
  }

  /**
   * Registers {@code accumulator} with Spark under {@code name}; its stats are reported when a job
   * that updated it ends, on {@link #flush} and on {@link #finish}.
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
  public void reportAccumulators() {
    if (finalReport == null && sink.writes()) {
      sink.timeSeries(accumulators.changedStats(), Instant.now());
    }
  }

  /** Reports changed accumulators, then writes everything reported, waiting at most {@code timeout}. */
  public FlushReport flush(Duration timeout) {
    Require.notNull("timeout", timeout);
    FlushReport done = finalReport;
    if (done != null) {
      return done;
    }
    reportAccumulators();
    return sink.flush(timeout);
  }

  /**
   * Maintains the store now: compaction, checkpoints and clean-up.
   *
   * @throws IllegalStateException if reporting is disabled or the run is finished
   */
  public MaintenanceReport maintain() {
    if (maintenance == null || finalReport != null) {
      throw new IllegalStateException(maintenance == null
          ? "spark-mlops is disabled (" + MLOpsConfig.ENABLED + "=false): there is no store to maintain"
          : "This MLOps run is done; maintain the store before done(), or from a new MLOps.init");
    }
    return maintenance.run();
  }

  /** The counts as they stand. */
  public FlushReport report() {
    FlushReport done = finalReport;
    return done != null ? done : sink.report();
  }

  /**
   * Drains the listener, reports the accumulators, writes everything (retrying for at most {@code
   * spark.mlops.done.timeout}) and ends the run; calling it again returns the same report. {@code
   * done()}, the listener at the application's end and the JVM shutdown hook all end the run
   * here, one after the other, so none closes the store while another still writes to it.
   */
  public synchronized FlushReport finish() {
    if (finalReport != null) {
      return finalReport;
    }
    if (listener != null) {
      SparkContext sc = installedOn != null ? installedOn
          : spark != null ? spark.sparkContext() : null;
      listener.drain(sc, LISTENER_DRAIN_TIMEOUT);
      if (installedListener != null) {
        installedOn.removeSparkListener(installedListener);
      }
    }
    if (lineage != null) {
      // it waits for Spark's bus itself, then for its queue
      lineage.drain(installedOn != null ? installedOn
          : spark != null ? spark.sparkContext() : null, LISTENER_DRAIN_TIMEOUT);
    }
    reportAccumulators();
    if (maintenance != null) {
      maintenance.close();
    }
    FlushReport report = sink.close(config.doneTimeout());
    if (shutdownFlush != null) {
      shutdownFlush.remove();
    }
    finalReport = report;
    ActiveRun.ended(this);
    LOG.info("spark-mlops done: {}", report);
    return report;
  }
}
