package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.health.Anomaly;
import io.github.sparkmlops.health.AnomalyStrategy;
import io.github.sparkmlops.health.DriftOptions;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.health.Health;
import io.github.sparkmlops.internal.aggregate.ProfilePlan;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.aggregate.WindowedProfiles;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.sink.DriftRows;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.GateCheck;
import io.github.sparkmlops.model.GateCondition;
import io.github.sparkmlops.model.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Health} for one application run: each check profiles what it must in one pass, compares
 * profiles ({@link Comparisons}), and reports rows, share and alert through the run's sink.
 */
public final class HealthChecks implements Health {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  /** The comparison name of the drift checks of gates. */
  static final String GATE = "gate";

  private final ApplicationRun run;
  /** Per watched series, the time of the last point checked. */
  private final Map<String, Instant> checkedUpTo = new ConcurrentHashMap<>();

  public HealthChecks(ApplicationRun run) {
    this.run = run;
  }

  @Override
  public DriftReport drift(Dataset<Row> baseline, Dataset<Row> current) {
    return drift(baseline, current, DriftOptions.defaults());
  }

  @Override
  public DriftReport drift(Dataset<Row> baseline, Dataset<Row> current, DriftOptions options) {
    Require.notNull("baseline", baseline);
    Require.notNull("current", current);
    Require.notNull("options", options);
    run.sink().requireOpen();
    List<String> columns = options.columns().isEmpty()
        ? List.of(current.columns()) : options.columns();
    for (String c : columns) {
      if (!List.of(baseline.columns()).contains(c)) {
        throw new IllegalArgumentException("The baseline Dataset has no column '" + c + "'; it has "
            + String.join(", ", baseline.columns())
            + (options.columns().isEmpty() ? "; name the columns to compare with "
                + "DriftOptions.columns(...)" : ""));
      }
    }
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(baseline.schema().apply(c));
    }
    // centred on the baseline's own values, which the current data's profile then shares
    ProfileResult profile = ProfilePlan.defaults(schema).centredOn(baseline).run(baseline);
    requireRows(profile, "baseline");
    return check(new Baseline("dataset", profile, null), current, options);
  }

  @Override
  public DriftReport drift(String baseline, Dataset<Row> current) {
    return drift(baseline, current, DriftOptions.defaults());
  }

  @Override
  public DriftReport drift(String baseline, Dataset<Row> current, DriftOptions options) {
    Require.notNull("current", current);
    Require.notNull("options", options);
    run.sink().requireOpen();
    return check(StoredProfiles.resolve(run, baseline), current, options);
  }

  @Override
  public DriftReport compare(String a, String b) {
    return compare(a, b, DriftOptions.defaults());
  }

  @Override
  public DriftReport compare(String a, String b, DriftOptions options) {
    Require.notNull("options", options);
    run.sink().requireOpen();
    Baseline baseline = StoredProfiles.resolve(run, a);
    Baseline current = StoredProfiles.resolve(run, b);
    List<String> columns = Comparisons.columns(baseline, current.profile().columns(), options);
    ProfileResult profile = current.profile().select(columns);
    requireRows(profile, b);
    DriftReport report = Comparisons.compare(baseline, profile, rules(options));
    record(options.name(), baseline, report);
    return report;
  }

  @Override
  public Dataset<Row> monitor(Dataset<Row> stream, String baseline, String... columns) {
    Require.notNull("columns", columns);
    DriftOptions options = DriftOptions.defaults();
    return monitor(stream, baseline, columns.length == 0 ? options : options.columns(columns));
  }

  @Override
  public Dataset<Row> monitor(Dataset<Row> stream, String baseline, DriftOptions options) {
    Require.notNull("stream", stream);
    Require.notNull("options", options);
    if (!stream.isStreaming()) {
      throw new IllegalArgumentException("monitor() checks a streaming Dataset per micro-batch; "
          + "this one is not streaming: check a batch Dataset with drift(baseline, df)");
    }
    run.sink().requireOpen();
    if (run.sink().writes() && !run.hasListener()) {
      throw new IllegalStateException("monitor() needs MLOpsListener, which reads each batch's "
          + "progress, and none reports to this application: leave "
          + "spark.mlops.listener.enabled=true (the default) or add io.github.sparkmlops."
          + "MLOpsListener to spark.extraListeners");
    }
    Optional<String> time = options.windowTimeColumn();
    time.ifPresent(t -> requireTimestamp(stream.schema(), t));
    Baseline base = StoredProfiles.resolve(run, baseline);
    // the event time orders the windows; it is compared only when named
    List<String> candidates = List.of(stream.columns()).stream()
        .filter(c -> time.isEmpty() || !c.equals(time.get())).toList();
    ProfilePlan plan = Comparisons.currentPlan(base, stream.schema(),
        Comparisons.columns(base, candidates, options));
    DriftMonitor drift = new DriftMonitor(run.sink(), base, rules(options), options.name());
    if (time.isEmpty()) {
      run.monitor(options.name(), drift);
      return stream.observe(options.name(), plan.column());
    }
    run.monitor(options.name(),
        new WindowedDriftMonitor(drift, run.sink(), options.windowDelay().orElseThrow()));
    return stream.observe(options.name(), plan.windowedColumn(time.get(),
        WindowedProfiles.micros(options.windowDuration().orElseThrow())));
  }

  private static void requireTimestamp(StructType schema, String column) {
    if (!List.of(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("The window's time column '" + column + "' is not a "
          + "column of the stream; it has " + String.join(", ", schema.fieldNames()));
    }
    DataType type = schema.apply(column).dataType();
    if (!(type instanceof TimestampType) && !(type instanceof TimestampNTZType)) {
      throw new IllegalArgumentException("The window's time column '" + column + "' must be a "
          + "timestamp, got " + type.simpleString());
    }
  }

  @Override
  public GateCondition noDrift(Dataset<Row> data) {
    return noDrift(data, DriftOptions.defaults().name(GATE));
  }

  @Override
  public GateCondition noDrift(Dataset<Row> data, DriftOptions options) {
    Require.notNull("data", data);
    Require.notNull("options", options);
    return new GateCondition() {
      @Override
      public Optional<String> check(GateCheck candidate) {
        ModelVersion baseline = candidate.production().orElse(candidate.version());
        DriftReport report = drift(baseline.uri(), data, options);
        if (!report.drifted()) {
          return Optional.empty();
        }
        return Optional.of("the data drifted from " + baseline.uri() + ": "
            + report.driftedFeatures().size() + " of " + report.features().size()
            + " columns (" + report.driftedFeatures().stream()
                .map(f -> f.column() + " " + f.method() + " " + f.score())
                .collect(Collectors.joining(", ")) + "), drift share " + report.driftShare()
            + " >= " + report.driftShareThreshold());
      }

      @Override
      public String toString() {
        return "no data drift from the Production version's training profile";
      }
    };
  }

  @Override
  public List<Anomaly> anomalies(String statName, AnomalyStrategy strategy) {
    return anomalies(statName, strategy, 1);
  }

  @Override
  public List<Anomaly> anomalies(String statName, AnomalyStrategy strategy, int latestPoints) {
    Require.name("statName", statName);
    Require.notNull("strategy", strategy);
    if (latestPoints < 1) {
      throw new IllegalArgumentException("latestPoints must be 1 or more, got " + latestPoints);
    }
    run.sink().requireOpen();
    StoredSeries series = StoredSeries.read(run, statName);
    List<Anomaly> found = strategy.detect(series.times(), series.values(),
        Math.max(0, series.values().length - latestPoints));
    report(statName, found);
    return found;
  }

  /**
   * Checks the points of the series in {@code spark.mlops.health.anomalies} that arrived since the
   * last check (the latest point only, the first time) with {@link AnomalyStrategy#onlineNormal()},
   * reporting a {@code DATA_ALERT} per flagged point. A series not stored yet is skipped; a
   * failure is logged, never thrown: it runs after every {@code flush()}.
   */
  public void checkWatchedSeries() {
    if (run.isFinished()) {
      return;
    }
    for (String stat : run.config().health().anomalyStats()) {
      try {
        StoredSeries series = StoredSeries.read(run, stat);
        List<Instant> times = series.times();
        Instant last = checkedUpTo.get(stat);
        int from = times.size() - 1;
        while (last != null && from > 0 && times.get(from - 1).isAfter(last)) {
          from--;
        }
        if (last == null || times.get(from).isAfter(last)) {
          report(stat, AnomalyStrategy.onlineNormal().detect(times, series.values(), from));
        }
        checkedUpTo.put(stat, times.get(times.size() - 1));
      } catch (RuntimeException e) {
        LOG.warn("Checking the series '{}' for anomalies failed: {}", stat, e.getMessage());
      }
    }
  }

  private void report(String statName, List<Anomaly> found) {
    for (Anomaly a : found) {
      run.sink().event(Event.builder(EventType.DATA_ALERT, "Anomaly in " + statName)
          .severity(Severity.WARNING)
          .message(a.describe(statName))
          .time(Instant.now())
          .build());
    }
  }

  private DriftReport check(Baseline baseline, Dataset<Row> current, DriftOptions options) {
    if (current.isStreaming()) {
      throw new IllegalArgumentException("drift() checks a batch Dataset; this one is streaming: "
          + "watch a stream per micro-batch with monitor(stream, baseline)");
    }
    List<String> columns = Comparisons.columns(baseline, List.of(current.columns()), options);
    ProfileResult profile = Comparisons.currentPlan(baseline, current.schema(), columns)
        .run(current);
    requireRows(profile, "current");
    DriftReport report = Comparisons.compare(baseline, profile, rules(options));
    record(options.name(), baseline, report);
    return report;
  }

  private void record(String comparison, Baseline baseline, DriftReport report) {
    Instant now = Instant.now();
    run.sink().drift(new DriftRows(comparison, baseline.label(), DriftRows.BASELINE,
        baseline.model(), report.features()), now);
    run.sink().timeSeries(List.of(DriftOutcome.share(comparison, report)), now);
    DriftOutcome.alert(comparison, baseline.label(), report, now).ifPresent(run.sink()::event);
  }

  private DriftRules rules(DriftOptions options) {
    return new DriftRules(run.config().health(), options);
  }

  private static void requireRows(ProfileResult profile, String side) {
    if (profile.buffer().rows() == 0) {
      throw new IllegalArgumentException("The " + side + " data has no rows: there is no "
          + "distribution to compare");
    }
  }
}
