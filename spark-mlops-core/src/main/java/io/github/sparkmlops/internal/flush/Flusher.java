package io.github.sparkmlops.internal.flush;

import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableLostException;
import io.github.sparkmlops.run.FlushReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves acknowledged records to the store on one background thread.
 *
 * <p>Callers {@link #offer} rows, which only enqueue (no I/O). The thread commits them per table on
 * an interval, on {@link #flush}, and on {@link #close}. Each commit carries the transaction id
 * {@code (writerId, n)}, or, for rows offered as a {@linkplain #offerKeyed keyed group}, the group's
 * own id, such as a streaming query's id and batch id (the groups of one id waiting at once are
 * one commit, under the last one's version); a failed commit is retried with the same id
 * and the same rows, with
 * exponential backoff, before any later rows of that table, so a retry can never duplicate nor be
 * overtaken. Rows wait in memory until written; at most {@code capacity} of them, so a store that
 * stays unreachable bounds memory and makes {@link #offer} refuse (and count) new rows. Nothing
 * thrown by the store reaches the caller: failures are logged, counted and reported. A table that
 * is lost ({@link TableLostException}: the store vanished or was replaced) is retried the same
 * way, and reported once per loss.
 */
public final class Flusher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

  private final String writerId;
  private final FlushSettings settings;
  private final Map<StoreTable, Lane> lanes = new EnumMap<>(StoreTable.class);
  private final Semaphore slots;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile String lastError;
  /** Set when a commit failed with a {@link LinkageError}: this runtime cannot write; no retry. */
  private volatile String cannotWrite;
  /** The events row of a {@code SYSTEM_ALERT} with a message; null: no alert is raised. */
  private final Function<String, Object[]> alertRow;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private boolean flushRequested;
  private boolean stopRequested;
  private long stopDeadlineNanos;
  private final Thread thread;

  /**
   * Starts the flusher thread.
   *
   * @param writerId the Delta transaction application id of every commit; unique per writer
   * @param writers one writer per table this flusher serves
   */
  public Flusher(String writerId, FlushSettings settings, Map<StoreTable, DeltaTableWriter> writers) {
    this(writerId, settings, writers, null);
  }

  /**
   * Starts the flusher thread, which raises an alert into the events table when a table is lost.
   *
   * @param writerId the Delta transaction application id of every commit; unique per writer
   * @param writers one writer per table this flusher serves
   * @param alertRow the events row of a {@code SYSTEM_ALERT} with the given message
   */
  public Flusher(String writerId, FlushSettings settings, Map<StoreTable, DeltaTableWriter> writers,
      Function<String, Object[]> alertRow) {
    this.writerId = writerId;
    this.settings = settings;
    this.alertRow = alertRow;
    this.slots = new Semaphore(settings.capacity());
    writers.forEach((table, writer) -> lanes.put(table, new Lane(table, writer)));
    this.thread = new Thread(this::run, "spark-mlops-flusher-" + writerId);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Acknowledges a row for {@code table}. Waits up to {@code timeout} for room when the buffer is
   * full; a row still without room is dropped and counted.
   *
   * @return true if the row was acknowledged, false if it was dropped
   */
  public boolean offer(StoreTable table, Object[] row, Duration timeout) {
    return enqueue(table, row, 1, timeout);
  }

  /**
   * Acknowledges rows for {@code table} that are committed together, apart from other rows, with
   * the transaction id {@code (appId, txnVersion)} instead of this writer's: a group the table
   * already holds (the same id, even from another application) is not written again. Groups of the
   * same {@code appId} waiting at once share one commit. Versions must increase per {@code appId}.
   * Waits up to {@code timeout} for room for all the rows, else drops them all.
   *
   * @return true if the rows were acknowledged, false if they were dropped
   */
  public boolean offerKeyed(StoreTable table, String appId, long txnVersion, List<Object[]> rows,
      Duration timeout) {
    if (rows.isEmpty()) {
      return true;
    }
    return enqueue(table, new Keyed(appId, txnVersion, List.copyOf(rows)), rows.size(), timeout);
  }

  /** Queues a row ({@code Object[]}) or a {@link Keyed} group of {@code size} rows. */
  private boolean enqueue(StoreTable table, Object item, int size, Duration timeout) {
    Lane lane = lanes.get(table);
    if (lane == null) {
      throw new IllegalArgumentException("this flusher does not write the " + table + " table");
    }
    boolean admitted;
    try {
      admitted = timeout.isZero()
          ? slots.tryAcquire(size)
          : slots.tryAcquire(size, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      long n = dropped.addAndGet(size);
      if (n == size || n / 10_000 != (n - size) / 10_000) {
        LOG.warn("The spark-mlops buffer is full ({} records): {} records dropped so far",
            settings.capacity(), n);
      }
      return false;
    }
    lane.queue.add(item);
    lane.acknowledged.addAndGet(size);
    if (underPressure()) {
      wakeUp();
    }
    return true;
  }

  /** Rows committed together under their own transaction id. */
  private record Keyed(String appId, long txnVersion, List<Object[]> rows) {}

  /**
   * Writes every row acknowledged before this call, waiting at most {@code timeout}. Failed commits
   * are retried during the wait; what is still unwritten at the end stays buffered and is retried
   * later.
   */
  public FlushReport flush(Duration timeout) {
    Map<StoreTable, Long> targets = new EnumMap<>(StoreTable.class);
    lanes.forEach((table, lane) -> targets.put(table, lane.acknowledged.get()));
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      flushRequested = true;
      wake.signalAll();
      while (!reached(targets) && thread.isAlive() && cannotWrite == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        progress.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    return report();
  }

  /**
   * Writes what is buffered, retrying for at most {@code timeout}, then stops the thread. Calling it
   * again returns the final report.
   */
  public FlushReport close(Duration timeout) {
    lock.lock();
    try {
      if (!stopRequested) {
        stopRequested = true;
        flushRequested = true;
        stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
        wake.signalAll();
      }
    } finally {
      lock.unlock();
    }
    try {
      thread.join(Math.max(1, timeout.toMillis() + 1_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    FlushReport report = report();
    if (report.pending() > 0) {
      LOG.error("spark-mlops could not write {} acknowledged records to the store (last error: {})",
          report.pending(), report.lastError());
    }
    return report;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(60));
  }

  /**
   * The counts as they stand now. A row is queued before it is counted as acknowledged (so that a
   * flush never waits for a row not yet queued); a concurrent commit can therefore count it written
   * first, and pending is clamped at zero for that instant.
   */
  public FlushReport report() {
    long written = 0;
    long acknowledged = 0;
    for (Lane lane : lanes.values()) {
      written += lane.written.get();
    }
    for (Lane lane : lanes.values()) {
      acknowledged += lane.acknowledged.get();
    }
    return new FlushReport(acknowledged, written, Math.max(0, acknowledged - written),
        dropped.get(), failedAttempts.get(), lastError);
  }

  private boolean reached(Map<StoreTable, Long> targets) {
    for (Map.Entry<StoreTable, Long> target : targets.entrySet()) {
      if (lanes.get(target.getKey()).written.get() < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void wakeUp() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long nextIntervalNanos = System.nanoTime() + settings.interval().toNanos();
    while (true) {
      boolean forced;
      boolean stopping;
      lock.lock();
      try {
        long wait = waitNanos(nextIntervalNanos);
        while (!flushRequested && !pressureOnAReadyLane() && wait > 0) {
          wake.awaitNanos(wait);
          wait = waitNanos(nextIntervalNanos);
        }
        forced = flushRequested;
        flushRequested = false;
        stopping = stopRequested;
      } catch (InterruptedException e) {
        // Only close() stops this thread, through stopRequested.
        continue;
      } finally {
        lock.unlock();
      }
      boolean due = underPressure() || System.nanoTime() - nextIntervalNanos >= 0;
      if (due) {
        nextIntervalNanos = System.nanoTime() + settings.interval().toNanos();
      }
      boolean idle = true;
      for (Lane lane : lanes.values()) {
        idle &= lane.commitWhatIsDue(forced, due);
      }
      lock.lock();
      try {
        progress.signalAll();
      } finally {
        lock.unlock();
      }
      if (stopping && (idle || cannotWrite != null || System.nanoTime() - stopDeadlineNanos >= 0)) {
        return;
      }
    }
  }

  /**
   * A commit failed with a {@link LinkageError}: a class the store's writer needs is missing
   * or of another version on this runtime. Retrying cannot help, so writing stops for good, the
   * records stay counted as pending, and the error is logged once with what to do.
   */
  private void cannotWriteOnThisRuntime(StoreTable table, LinkageError e) {
    failedAttempts.incrementAndGet();
    cannotWrite = "spark-mlops cannot write to the store on this runtime (not retried): " + e
        + ". A class the store's writer needs is missing or of another version (Delta Kernel "
        + "4.4's Parquet code needs Parquet 1.16 or later; Spark 4.0 ships 1.15). Run on Spark "
        + "4.1 or 4.2, or put parquet-hadoop and parquet-column 1.16+ first on the driver's "
        + "classpath. Reading the store still works.";
    lastError = table.directory() + ": " + cannotWrite;
    LOG.error(cannotWrite, e);
  }

  /**
   * {@code lane}'s table was lost: the first time (until a commit of that table lands again) this
   * is logged as an error, and if no other table is lost already, raised as a {@code
   * SYSTEM_ALERT}: one alert per outage, whether the whole store is lost or one table of it. The
   * alert lands with the other records when the store is back, or at once if only this table is
   * lost; later attempts only count. The alert takes a free place in the buffer and is then counted as
   * acknowledged like any record; with the buffer full it is left out (the log has the loss), and
   * not counted as dropped, for no caller offered it.
   */
  private void lost(Lane lane, TableLostException e) {
    if (lane.lost) {
      LOG.debug("Still lost: {}", e.getMessage());
      return;
    }
    boolean outageRaised = lanes.values().stream().anyMatch(l -> l.lost);
    lane.lost = true;
    LOG.error(e.getMessage());
    Lane events = lanes.get(StoreTable.EVENTS);
    if (!outageRaised && alertRow != null && events != null && slots.tryAcquire()) {
      events.queue.add(alertRow.apply(e.getMessage()));
      events.acknowledged.incrementAndGet();
    }
  }

  private boolean underPressure() {
    return slots.availablePermits() < settings.capacity() / 2;
  }

  /** A full buffer is a reason to write now only for a lane that is not backing off. */
  private boolean pressureOnAReadyLane() {
    if (!underPressure()) {
      return false;
    }
    for (Lane lane : lanes.values()) {
      if (!lane.backingOff() && (lane.pending != null || !lane.queue.isEmpty())) {
        return true;
      }
    }
    return false;
  }

  /** Time until the next interval, retry or stop deadline, whichever comes first. */
  private long waitNanos(long nextIntervalNanos) {
    long now = System.nanoTime();
    long wait = nextIntervalNanos - now;
    for (Lane lane : lanes.values()) {
      if (lane.failing) {
        wait = Math.min(wait, lane.retryAtNanos - now);
      }
    }
    return stopRequested ? Math.min(wait, stopDeadlineNanos - now) : wait;
  }

  /** One table's rows on their way to the store; only the queue and counters are shared. */
  private final class Lane {
    final StoreTable table;
    final DeltaTableWriter writer;
    /** Rows ({@code Object[]}) and {@link Keyed} groups, in the order they were offered. */
    final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    /** The rows of the commit under way, by transaction version of {@link #pendingAppId}. */
    NavigableMap<Long, List<Object[]>> pending;
    String pendingAppId;
    int pendingRows;
    long nextVersion = 1;
    boolean failing;
    /**
     * True while this lane's table is lost ({@link TableLostException}), so that the loss is
     * reported once, not once per retry, though other lanes (the alert's own) commit meanwhile.
     */
    boolean lost;
    long retryAtNanos;
    long backoffNanos;

    Lane(StoreTable table, DeltaTableWriter writer) {
      this.table = table;
      this.writer = writer;
    }

    /**
     * Commits queued rows when forced, when due and not backing off, or when a backoff has run out.
     *
     * @return true if nothing is left to write
     */
    boolean backingOff() {
      return failing && System.nanoTime() - retryAtNanos < 0;
    }

    boolean commitWhatIsDue(boolean forced, boolean due) {
      if (cannotWrite != null) {
        return pending == null && queue.isEmpty();
      }
      if (!forced && (backingOff() || !(due || failing))) {
        return pending == null && queue.isEmpty();
      }
      while (true) {
        if (pending == null) {
          if (queue.peek() instanceof Keyed keyed) {
            queue.poll();
            takeKeyed(keyed);
          } else {
            List<Object[]> rows = take();
            if (rows.isEmpty()) {
              return true;
            }
            pending = new TreeMap<>(Map.of(nextVersion++, rows));
            pendingAppId = writerId;
            pendingRows = rows.size();
          }
        }
        try {
          DeltaTableWriter.Outcome outcome = writer.appendGroups(pendingAppId, pending);
          if (outcome == DeltaTableWriter.Outcome.ALREADY_COMMITTED) {
            LOG.info("Commit {} of {} to {} had already landed; not written again",
                pending.lastKey(), pendingAppId, table.directory());
          }
          written.addAndGet(pendingRows);
          slots.release(pendingRows);
          pending = null;
          failing = false;
          backoffNanos = 0;
          if (lost) {
            lost = false;
            LOG.info("The {} table can be written again", table.directory());
          }
        } catch (LinkageError e) {
          cannotWriteOnThisRuntime(table, e);
          return false;
        } catch (Exception e) {
          failedAttempts.incrementAndGet();
          lastError = table.directory() + ": "
              + (e instanceof TableLostException ? e.getMessage() : e.toString());
          backoffNanos = backoffNanos == 0
              ? settings.initialBackoff().toNanos()
              : Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
          failing = true;
          retryAtNanos = System.nanoTime() + backoffNanos;
          if (e instanceof TableLostException gone) {
            lost(this, gone);
          } else {
            LOG.warn("Writing {} records to the {} table failed; retrying in {} ms",
                pendingRows, table.directory(), backoffNanos / 1_000_000, e);
          }
          return false;
        }
      }
    }

    /**
     * Makes {@code first} and every later group of its application id in the queue (a streaming
     * query's batches, between which other rows arrived) one commit, up to the commit size limit.
     */
    private void takeKeyed(Keyed first) {
      pending = new TreeMap<>(Map.of(first.txnVersion(), first.rows()));
      pendingAppId = first.appId();
      pendingRows = first.rows().size();
      for (Iterator<Object> it = queue.iterator(); it.hasNext()
          && pendingRows < settings.maxRecordsPerCommit(); ) {
        if (it.next() instanceof Keyed next && next.appId().equals(pendingAppId)) {
          it.remove();
          // a batch reported twice (its query restarted here) is written once, counted twice
          pending.putIfAbsent(next.txnVersion(), next.rows());
          pendingRows += next.rows().size();
        }
      }
    }

    /** Plain rows from the head of the queue, up to a keyed group or the commit size limit. */
    private List<Object[]> take() {
      List<Object[]> batch = new ArrayList<>();
      while (batch.size() < settings.maxRecordsPerCommit() && queue.peek() instanceof Object[] row) {
        queue.poll();
        batch.add(row);
      }
      return batch;
    }
  }
}
