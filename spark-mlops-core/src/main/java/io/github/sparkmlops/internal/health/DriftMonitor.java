package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.run.BatchMonitor;
import io.github.sparkmlops.internal.sink.DriftRows;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.sketch.NamedStat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift of each micro-batch of the streams a {@code monitor} call watches: against the
 * baseline ({@code BASELINE}) and against the query's previous non-empty batch in this application
 * ({@code CONSECUTIVE}), written in the batch's keyed commits, so a batch Spark runs again writes
 * nothing twice. An alert fires in the batch where drift against the baseline starts (the query's
 * first drifted batch after one that was not, or its first batch here), not in every drifted batch
 * after it; a batch with no rows is skipped. {@link WindowedDriftMonitor} compares event-time
 * windows the same way, through {@link #compare}.
 */
final class DriftMonitor implements BatchMonitor {

  private final RecordSink sink;
  private final Baseline baseline;
  private final DriftRules rules;
  private final String comparison;
  /** Per query run: its previous non-empty batch's profile. */
  private final Map<String, ProfileResult> previous = new ConcurrentHashMap<>();
  /** Per query run: whether its previous non-empty batch drifted from the baseline. */
  private final Map<String, Boolean> drifting = new ConcurrentHashMap<>();

  DriftMonitor(RecordSink sink, Baseline baseline, DriftRules rules, String comparison) {
    this.sink = sink;
    this.baseline = baseline;
    this.rules = rules;
    this.comparison = comparison;
  }

  @Override
  public List<NamedStat> batch(StreamBatch batch, byte[] bytes, Instant time) {
    ProfileResult profile = ProfileResult.fromBytes(bytes);
    if (profile.buffer().rows() == 0) {
      return List.of();
    }
    List<DriftRows> rows = new ArrayList<>();
    List<Event> alerts = new ArrayList<>();
    NamedStat share = compare(batch.runId(), profile, null, null, time, rows, alerts);
    sink.streamDrift(batch, rows, alerts, time);
    return List.of(share);
  }

  /**
   * Compares the query's next profile (a batch's, or a window's) with the baseline and with the
   * query's profile compared before it, adding the rows of both comparisons and the alert if drift
   * from the baseline starts here.
   *
   * @param windowStart the start of the profile's event-time window, or null for a batch
   * @param windowEnd the end of that window, or null
   * @return the drift share stat
   */
  NamedStat compare(String runId, ProfileResult profile, Instant windowStart, Instant windowEnd,
      Instant time, List<DriftRows> rows, List<Event> alerts) {
    DriftReport report = Comparisons.compare(baseline, profile, rules);
    rows.add(new DriftRows(comparison, baseline.label(), DriftRows.BASELINE, baseline.model(),
        report.features(), windowStart, windowEnd));
    ProfileResult before = previous.put(runId, profile);
    if (before != null) {
      Baseline last = new Baseline(windowStart == null ? "previous batch" : "previous window",
          before, null);
      rows.add(new DriftRows(comparison, last.label(), DriftRows.CONSECUTIVE, null,
          Comparisons.compare(last, profile, rules).features(), windowStart, windowEnd));
    }
    boolean driftedNow = !report.driftedFeatures().isEmpty();
    boolean driftedBefore = Boolean.TRUE.equals(drifting.put(runId, driftedNow));
    if (driftedNow && !driftedBefore) {
      DriftOutcome.alert(comparison, baseline.label(), report, time).ifPresent(alerts::add);
    }
    return DriftOutcome.share(comparison, report);
  }
}
