package io.github.sparkmlops.internal.run;

import io.github.sparkmlops.accumulate.SummaryAccumulator;
import io.github.sparkmlops.sketch.NamedStat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accumulators created through {@link MLOps}, by stat name, and the update count each was last
 * reported at, so that a value is reported once per change rather than once per job.
 */
public final class NamedAccumulators {

  private static final class Entry {
    final SummaryAccumulator<?, ?> accumulator;
    long reportedUpdates;

    Entry(SummaryAccumulator<?, ?> accumulator) {
      this.accumulator = accumulator;
    }
  }

  private final Map<String, Entry> byName = new ConcurrentHashMap<>();

  public void add(String name, SummaryAccumulator<?, ?> accumulator) {
    if (byName.putIfAbsent(name, new Entry(accumulator)) != null) {
      throw new IllegalArgumentException(
          "an accumulator already reports under the name '" + name + "'");
    }
  }

  /** The stats of every accumulator updated since it was last reported; marks them reported. */
  public synchronized List<NamedStat> changedStats() {
    List<NamedStat> out = new ArrayList<>();
    byName.forEach((name, entry) -> {
      SummaryAccumulator.Snapshot snapshot = entry.accumulator.snapshot(name);
      if (snapshot.updates() != entry.reportedUpdates) {
        entry.reportedUpdates = snapshot.updates();
        out.addAll(snapshot.stats());
      }
    });
    return out;
  }
}
