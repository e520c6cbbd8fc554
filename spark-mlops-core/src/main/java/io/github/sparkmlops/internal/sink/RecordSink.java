package io.github.sparkmlops.internal.sink;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.flush.Flusher;
import io.github.sparkmlops.internal.store.DriftRecord;
import io.github.sparkmlops.internal.store.DriftTable;
import io.github.sparkmlops.internal.store.EventRecord;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.ModelRef;
import io.github.sparkmlops.internal.store.ReportTable;
import io.github.sparkmlops.internal.store.SeenTables;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * The one way reports get into the store. Every stat and event, whoever reports it (the facade, the
 * listener, accumulators, streams, the model registry), is validated here, encoded as a row of its table,
 * acknowledged into the {@link Flusher}'s bounded buffer, and written by the flusher's thread.
 * Nothing here does I/O on the calling thread; a rejected record leaves nothing behind.
 */
public final class RecordSink {

  /** The category of stats that keep every value ({@code StatCategory.TIME_SERIES}). */
  public static final String TIME_SERIES = "TIME_SERIES";
  /** The category of settings and parameters, the last value winning ({@code StatCategory.CONFIG}). */
  public static final String CONFIG = "CONFIG";

  /**
   * The Delta transaction application id of a streaming query's batch commits, before the query
   * id; the batch id is the transaction version.
   */
  public static final String STREAM_APP_ID_PREFIX = "mlops-stream-";

  private static final FlushReport NOTHING = new FlushReport(0, 0, 0, 0, 0, null);

  private final RunContext context;
  private final String writerId;
  private final AtomicLong seq;
  /** Null when reporting is disabled: records are validated and discarded. */
  private final Flusher flusher;
  private final Duration offerTimeout;
  private final SeenTables seen;
  private volatile FlushReport closedWith;

  private RecordSink(RunContext context, String writerId, AtomicLong seq, Flusher flusher,
      Duration offerTimeout, SeenTables seen) {
    this.context = context;
    this.seen = seen;
    this.writerId = writerId;
    this.seq = seq;
    this.flusher = flusher;
    this.offerTimeout = offerTimeout;
  }

  /**
   * A sink writing to {@code config}'s store through a new flusher thread, or discarding what it
   * validates when {@code config} is disabled.
   *
   * @param hadoopConf filesystem settings and credentials for the store
   */
  public static RecordSink open(MLOpsConfig config, RunContext context, Configuration hadoopConf) {
    String writerId = "mlops-" + UUID.randomUUID();
    AtomicLong seq = new AtomicLong();
    // the flusher's own alert, when it finds a table of the store lost
    Function<String, Object[]> lostAlert = message -> StoreSchema.eventRow(new EventRecord(
        context, writerId, seq.incrementAndGet(),
        Event.builder(EventType.SYSTEM_ALERT, "MLOps store lost").message(message).build(), null));
    SeenTables seen = new SeenTables();
    Flusher flusher = !config.enabled() ? null : new Flusher(writerId, config.flush(),
        Store.writers(Store.engine(hadoopConf), config.store(), seen), lostAlert);
    return new RecordSink(context, writerId, seq, flusher, config.offerTimeout(), seen);
  }

  /**
   * The tables of the store that this sink's writers have opened; the registry's writers of the
   * same store share them, so that a store lost to one is lost to all.
   */
  public SeenTables seenTables() {
    return seen;
  }

  /** The Delta transaction application id of this sink's commits, stored in {@code writer_id}. */
  public String writerId() {
    return writerId;
  }

  /** Whether records are written (false: validated and discarded). */
  public boolean writes() {
    return flusher != null;
  }

  /**
   * Reports one stat.
   *
   * @param category the name of a {@code StatCategory}
   * @throws IllegalArgumentException if an argument is invalid
   * @throws IllegalStateException once {@link #close} was called
   */
  public void stat(String name, String category, StatType type, StatValue value, Instant time) {
    Require.name("name", name);
    Require.notNull("category", category);
    Require.notNull("type", type);
    Require.notNull("value", value);
    Require.time("time", time);
    offer(StoreTable.STATS, statRow(name, category, type, value, time, null, null));
  }

  /**
   * Reports a {@code TIME_SERIES} stat attached to a model version ({@code model_name}, {@code
   * model_version}).
   */
  public void modelStat(ModelRef model, String name, StatValue value, Instant time) {
    Require.notNull("model", model);
    Require.name("name", name);
    Require.notNull("value", value);
    Require.time("time", time);
    offer(StoreTable.STATS, statRow(name, TIME_SERIES, value.type(), value, time, null, model));
  }

  private Object[] statRow(String name, String category, StatType type, StatValue value,
      Instant time, StreamBatch stream, ModelRef model) {
    return StoreSchema.statRow(new StatRecord(time, context, writerId, seq.incrementAndGet(), name,
        category, type, value, model, stream));
  }

  /** Reports stats as {@code TIME_SERIES}, all at {@code time}. */
  public void timeSeries(List<NamedStat> stats, Instant time) {
    for (NamedStat stat : stats) {
      stat(stat.name(), TIME_SERIES, stat.value().type(), stat.value(), time);
    }
  }

  /** Reports an event or alert. */
  public void event(Event event) {
    event(event, null);
  }

  /** Reports an event or alert about a streaming query ({@code stream} null: about none). */
  public void event(Event event, StreamBatch stream) {
    Require.notNull("event", event);
    offer(StoreTable.EVENTS, StoreSchema.eventRow(
        new EventRecord(context, writerId, seq.incrementAndGet(), event, stream)));
  }

  /**
   * Reports the stats of one micro-batch of a streaming query as {@code TIME_SERIES}, all at {@code
   * time}, in one commit keyed by the query's id and the batch id: when Spark runs the batch again
   * (after a failure or a restart from the checkpoint, even in another application) its stats are
   * not written twice.
   *
   * @param batch the query and the batch; its batch id must be set
   */
  public void streamBatch(StreamBatch batch, List<NamedStat> stats, Instant time) {
    Require.notNull("batch", batch);
    Require.notNull("batch id", batch.batchId());
    Require.time("time", time);
    List<Object[]> rows = new ArrayList<>(stats.size());
    for (NamedStat stat : stats) {
      // a NamedStat's name is valid by construction
      rows.add(statRow(stat.name(), TIME_SERIES, stat.value().type(), stat.value(), time, batch,
          null));
    }
    requireOpen();
    if (flusher != null) {
      flusher.offerKeyed(StoreTable.STATS, STREAM_APP_ID_PREFIX + batch.queryId(),
          batch.batchId(), rows, offerTimeout);
    }
  }

  /**
   * Records that an HTML report was written to {@code path} ({@code bytes} long), with its time
   * bounds (null when open) and its other filters as JSON.
   */
  public void reportWritten(String path, long bytes, Instant since, Instant until, String filters) {
    Require.notNull("path", path);
    offer(StoreTable.REPORTS, ReportTable.row(new ReportTable.ReportRecord(Instant.now(), context,
        writerId, seq.incrementAndGet(), path, bytes, since, until, filters)));
  }

  /**
   * Records the relations one successful query read and wrote (about no stream), all at {@code
   * time}.
   *
   * @param executionId Spark's id of the query, shared by its rows
   */
  public void lineage(List<LineageTable.Relation> relations, long executionId, Instant time) {
    Require.notNull("relations", relations);
    Require.time("time", time);
    for (LineageTable.Relation relation : relations) {
      Require.notNull("relation", relation);
    }
    for (LineageTable.Relation relation : relations) {
      offer(StoreTable.LINEAGE, LineageTable.row(new LineageTable.LineageRecord(time, context,
          writerId, seq.incrementAndGet(), relation, executionId, null)));
    }
  }

  /**
   * Records the relations one micro-batch of a streaming query read and wrote, all at {@code
   * time}, in one commit keyed by the query's id and the batch id, as {@link #streamBatch}: a batch
   * Spark runs again is not recorded twice.
   *
   * @param batch the query and the batch; its batch id must be set
   */
  public void streamLineage(StreamBatch batch, List<LineageTable.Relation> relations,
      Instant time) {
    Require.notNull("batch", batch);
    Require.notNull("batch id", batch.batchId());
    Require.notNull("relations", relations);
    Require.time("time", time);
    List<Object[]> rows = new ArrayList<>(relations.size());
    for (LineageTable.Relation relation : relations) {
      Require.notNull("relation", relation);
      rows.add(LineageTable.row(new LineageTable.LineageRecord(time, context, writerId,
          seq.incrementAndGet(), relation, null, batch)));
    }
    requireOpen();
    if (flusher != null) {
      flusher.offerKeyed(StoreTable.LINEAGE, STREAM_APP_ID_PREFIX + batch.queryId(),
          batch.batchId(), rows, offerTimeout);
    }
  }

  /** Reports the rows of one drift comparison (about no stream), all at {@code time}. */
  public void drift(DriftRows comparison, Instant time) {
    Require.notNull("comparison", comparison);
    Require.time("time", time);
    for (Object[] row : driftRows(comparison, time, null)) {
      offer(StoreTable.DRIFT, row);
    }
  }

  /**
   * Reports a micro-batch's drift comparisons and alerts, each table's rows in one commit keyed by
   * the query's id and the batch id, as {@link #streamBatch}: a batch Spark runs again writes
   * neither twice.
   */
  public void streamDrift(StreamBatch batch, List<DriftRows> comparisons, List<Event> alerts,
      Instant time) {
    Require.notNull("batch", batch);
    Require.notNull("batch id", batch.batchId());
    Require.time("time", time);
    List<Object[]> rows = new ArrayList<>();
    for (DriftRows comparison : comparisons) {
      rows.addAll(driftRows(comparison, time, batch));
    }
    List<Object[]> events = new ArrayList<>();
    for (Event alert : alerts) {
      events.add(StoreSchema.eventRow(
          new EventRecord(context, writerId, seq.incrementAndGet(), alert, batch)));
    }
    requireOpen();
    String appId = STREAM_APP_ID_PREFIX + batch.queryId();
    if (flusher != null && !rows.isEmpty()) {
      flusher.offerKeyed(StoreTable.DRIFT, appId, batch.batchId(), rows, offerTimeout);
    }
    if (flusher != null && !events.isEmpty()) {
      flusher.offerKeyed(StoreTable.EVENTS, appId, batch.batchId(), events, offerTimeout);
    }
  }

  private List<Object[]> driftRows(DriftRows comparison, Instant time, StreamBatch stream) {
    List<Object[]> rows = new ArrayList<>();
    for (FeatureDrift f : comparison.features()) {
      rows.add(DriftTable.row(new DriftRecord(time, context, writerId, seq.incrementAndGet(),
          comparison.comparison(), f.column(), comparison.driftType(), f.method(), f.score(),
          f.threshold(), f.drifted(), comparison.baseline(), f.metrics(), comparison.model(),
          stream, comparison.windowStart(), comparison.windowEnd())));
    }
    return rows;
  }

  private void offer(StoreTable table, Object[] row) {
    requireOpen();
    if (flusher != null) {
      flusher.offer(table, row, offerTimeout);
    }
  }

  /**
   * Checks that records are still taken.
   *
   * @throws IllegalStateException once {@link #close} was called
   */
  public void requireOpen() {
    if (closedWith != null) {
      throw new IllegalStateException("MLOps.done() was called: call MLOps.init(spark) again");
    }
  }

  /** Writes what was acknowledged before the call, waiting at most {@code timeout}. */
  public FlushReport flush(Duration timeout) {
    FlushReport closed = closedWith;
    if (closed != null) {
      return closed;
    }
    return flusher == null ? NOTHING : flusher.flush(timeout);
  }

  /** The counts as they stand. */
  public FlushReport report() {
    FlushReport closed = closedWith;
    if (closed != null) {
      return closed;
    }
    return flusher == null ? NOTHING : flusher.report();
  }

  /**
   * Writes what is left, retrying for at most {@code timeout}, and refuses records from then on.
   * Calling it again returns the first report.
   */
  public synchronized FlushReport close(Duration timeout) {
    if (closedWith == null) {
      closedWith = flusher == null ? NOTHING : flusher.close(timeout);
    }
    return closedWith;
  }
}
