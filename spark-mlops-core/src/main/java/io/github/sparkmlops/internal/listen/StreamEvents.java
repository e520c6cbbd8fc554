package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.lineage.LineagePlans;
import io.github.sparkmlops.internal.lineage.LineagePlans.Found;
import io.github.sparkmlops.internal.lineage.StreamRelations;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.run.ReportQueue;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryIdleEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryProgressEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryStartedEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryTerminatedEvent;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What the listener does with Structured Streaming's events, which reach a {@code SparkListener}
 * through {@code onOtherEvent}. Runs on the listener thread in constant time; the reports it
 * queues build the stats on the report thread.
 *
 * <ul>
 *   <li>a query's start is an event; so is its termination, and a failure is a {@code
 *       SYSTEM_ALERT} with the exception's message;
 *   <li>a query going idle (no new data) is an event, once until data arrives again;
 *   <li>each micro-batch's progress becomes its {@link ProgressStats} and {@link ObservedStats},
 *       and, when the run records lineage, its sources and sink as rows of the {@code lineage}
 *       table ({@link StreamRelations}), each written once per query id and batch id.
 * </ul>
 */
final class StreamEvents {

  private final ReportQueue<ApplicationRun> reports;
  /** The names of the running queries, by run id: only the start event carries the name. */
  private final Map<UUID, String> names;
  /** Runs that reported idle since their last micro-batch: running queries, as names holds. */
  private final Set<UUID> idle;

  /**
   * @param maxRunning the most queries followed at once; past it the oldest is forgotten (its
   *     termination never came) and {@code onEvict} runs
   */
  StreamEvents(ReportQueue<ApplicationRun> reports, int maxRunning, Runnable onEvict) {
    this.reports = reports;
    this.names = new OpenEntries<>(maxRunning, name -> onEvict.run());
    this.idle = Collections.newSetFromMap(new OpenEntries<>(maxRunning, running -> { }));
  }

  /** Handles {@code event} if it is a streaming one; returns whether it was. */
  boolean handle(SparkListenerEvent event) {
    if (event instanceof QueryProgressEvent progress) {
      onProgress(progress.progress());
    } else if (event instanceof QueryStartedEvent started) {
      names.put(started.runId(), started.name());
      StreamBatch stream = stream(started.id(), started.runId(), null);
      Event e = Event.builder(EventType.GENERIC, "streaming query " + label(stream) + " started")
          .message("query id " + started.id() + ", run id " + started.runId())
          .time(time(started.timestamp()))
          .build();
      reports.offer(r -> r.sink().event(e, stream));
    } else if (event instanceof QueryIdleEvent idleEvent) {
      if (idle.add(idleEvent.runId())) {
        StreamBatch stream = stream(idleEvent.id(), idleEvent.runId(), null);
        Event e = Event.builder(EventType.GENERIC, "streaming query " + label(stream) + " idle")
            .message("no new data since its last micro-batch")
            .time(time(idleEvent.timestamp()))
            .build();
        reports.offer(r -> r.sink().event(e, stream));
      }
    } else if (event instanceof QueryTerminatedEvent terminated) {
      onTerminated(terminated);
    } else {
      return false;
    }
    return true;
  }

  private void onProgress(StreamingQueryProgress p) {
    idle.remove(p.runId());
    StreamBatch stream = new StreamBatch(p.name(), p.id().toString(), p.runId().toString(),
        p.batchId());
    Instant time = time(p.timestamp());
    reports.offer(r -> {
      List<NamedStat> stats = new ArrayList<>(ProgressStats.of(p));
      stats.addAll(ObservedStats.of(p.observedMetrics()));
      stats.addAll(ObservedStats.monitored(r, stream, p.observedMetrics(), time));
      Found lineage = r.config().lineageEnabled() ? StreamRelations.of(p, r.hadoopConf()) : null;
      if (lineage != null && lineage.skipped() > 0) {
        stats.add(new NamedStat(LineagePlans.SKIPPED_STAT, new NumberValue(lineage.skipped())));
      }
      r.sink().streamBatch(stream, stats, time);
      if (lineage != null) {
        r.sink().streamLineage(stream, lineage.relations(), time);
      }
    });
  }

  private void onTerminated(QueryTerminatedEvent terminated) {
    StreamBatch stream = stream(terminated.id(), terminated.runId(), null);
    names.remove(terminated.runId());
    idle.remove(terminated.runId());
    Event e;
    if (terminated.exception().isDefined()) {
      e = Event.builder(EventType.SYSTEM_ALERT, "streaming query " + label(stream) + " failed")
          .severity(Severity.ERROR)
          .message(terminated.exception().get())
          .build();
    } else {
      e = Event.builder(EventType.GENERIC, "streaming query " + label(stream) + " terminated")
          .message("query id " + terminated.id() + ", run id " + terminated.runId())
          .build();
    }
    reports.offer(r -> r.sink().event(e, stream));
  }

  private StreamBatch stream(UUID id, UUID runId, Long batchId) {
    return new StreamBatch(names.get(runId), id.toString(), runId.toString(), batchId);
  }

  private static String label(StreamBatch stream) {
    return stream.queryName() != null ? "'" + stream.queryName() + "'" : stream.queryId();
  }

  /** Spark's ISO-8601 timestamp of the event, or now if it has none. */
  private static Instant time(String timestamp) {
    try {
      return timestamp == null ? Instant.now() : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }
}
