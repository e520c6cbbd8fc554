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
 * after it; a batch with no rows is skipped.
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
    DriftReport report = Comparisons.compare(baseline, profile, rules);
    List<DriftRows> rows = new ArrayList<>();
    rows.add(new DriftRows(comparison, baseline.label(), DriftRows.BASELINE, baseline.model(),
        report.features()));
    ProfileResult before = previous.put(batch.runId(), profile);
    if (before != null) {
      Baseline last = new Baseline("previous batch", before, null);
      rows.add(new DriftRows(comparison, last.label(), DriftRows.CONSECUTIVE, null,
          Comparisons.compare(last, profile, rules).features()));
    }
    boolean driftedNow = !report.driftedFeatures().isEmpty();
    boolean started = driftedNow && !Boolean.TRUE.equals(drifting.put(batch.runId(), driftedNow));
    List<Event> alerts = started
        ? DriftOutcome.alert(comparison, baseline.label(), report, time).stream().toList()
        : List.of();
    sink.streamDrift(batch, rows, alerts, time);
    return List.of(DriftOutcome.share(comparison, report));
  }
}
