package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.aggregate.WindowedProfiles;
import io.github.sparkmlops.internal.run.BatchMonitor;
import io.github.sparkmlops.internal.sink.DriftRows;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.sketch.NamedStat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift of each tumbling event-time window of the streams a {@code monitor} call watches with
 * {@code DriftOptions.window}: each batch's rows are added to the query's open windows (in memory,
 * per query run), and every window whose end is at or before the query's largest event time less
 * the delay is closed and compared as {@link DriftMonitor} compares a batch (with the baseline,
 * with the query's window closed before it, the alert where drift starts), its rows carrying the
 * window's bounds, written in the closing batch's keyed commit. The batch's {@code
 * health.drift_share} is that of the last window it closed; a batch that closes none writes none.
 *
 * <p>Rows for a window already closed (later than the delay) are dropped and counted in a warning;
 * so are rows with a null event time. Windows still open when the query stops are never compared,
 * and a restarted query (a new run) starts with no open window.
 */
final class WindowedDriftMonitor implements BatchMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(WindowedDriftMonitor.class);

  private final DriftMonitor drift;
  private final RecordSink sink;
  private final long delayMicros;
  /** Per query run: its open windows and the event time up to which windows were closed. */
  private final Map<String, Query> queries = new ConcurrentHashMap<>();

  private static final class Query {
    final WindowedProfiles open;
    /** Windows ending at or before this were closed; null before any event time. */
    Long closedUpTo;

    Query(WindowedProfiles open) {
      this.open = open;
    }
  }

  WindowedDriftMonitor(DriftMonitor drift, RecordSink sink, Duration delay) {
    this.drift = drift;
    this.sink = sink;
    this.delayMicros = WindowedProfiles.micros(delay);
  }

  @Override
  public List<NamedStat> batch(StreamBatch batch, byte[] bytes, Instant time) {
    WindowedProfiles arrived = WindowedProfiles.fromBytes(bytes);
    Query query = queries.computeIfAbsent(batch.runId(),
        id -> new Query(new WindowedProfiles(arrived.columns(), arrived.windowMicros())));
    long late = query.closedUpTo == null ? 0
        : arrived.removeEndedBy(query.closedUpTo).values().stream()
            .mapToLong(p -> p.buffer().rows()).sum();
    if (late > 0 || arrived.nullTimeRows() > 0) {
      LOG.warn("Batch {} of query {}: {} rows for windows already compared and {} rows with a "
          + "null event time were left out of the drift windows", batch.batchId(),
          batch.queryId(), late, arrived.nullTimeRows());
    }
    query.open.merge(arrived);
    if (query.open.maxEventTime().isEmpty()) {
      return List.of();
    }
    query.closedUpTo = query.open.maxEventTime().get() - delayMicros;
    List<DriftRows> rows = new ArrayList<>();
    List<Event> alerts = new ArrayList<>();
    NamedStat share = null;
    long length = query.open.windowMicros();
    for (Map.Entry<Long, ProfileResult> window
        : query.open.removeEndedBy(query.closedUpTo).entrySet()) {
      long start = window.getKey();
      share = drift.compare(batch.runId(), window.getValue(), WindowedProfiles.instant(start),
          WindowedProfiles.instant(start + length), time, rows, alerts);
    }
    if (share == null) {
      return List.of();
    }
    sink.streamDrift(batch, rows, alerts, time);
    return List.of(share);
  }
}
