package io.github.sparkmlops.internal.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue of reports and the one daemon thread that runs them against a target. {@link
 * #offer} never blocks: when the queue is full the report is dropped and counted. A report that
 * throws is logged and counted as failed; the thread goes on. {@link #end} bounds how long the
 * queue may still run once its owner ends, and counts what it gives up on, so that no report is
 * lost without being counted.
 *
 * @param <T> what reports are run against
 */
public final class ReportQueue<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ReportQueue.class);
  /** How long {@link #end} waits for the report it interrupted to return. */
  private static final long INTERRUPTED_REPORT_WAIT_MILLIS = 1_000;

  private final BlockingQueue<Consumer<T>> queue;
  private final T target;
  private final Thread thread;
  /** Wakes the thread when it waits on an empty queue; never counted, never run. */
  private final Consumer<T> wake = t -> { };
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopping;
  /** Set when {@link #end} gave up waiting: the thread starts no further report. */
  private volatile boolean givenUp;

  /**
   * A queue whose thread runs once {@link #start()} is called; reports offered before wait.
   *
   * @param capacity the most reports waiting at once
   */
  public ReportQueue(String threadName, int capacity, T target) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.target = target;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** Starts the thread that runs the reports. */
  public void start() {
    thread.start();
  }

  /** Queues a report without blocking; returns false (and counts a drop) when the queue is full. */
  public boolean offer(Consumer<T> report) {
    if (stopping || !queue.offer(report)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Whether the calling thread is this queue's thread. */
  public boolean isReportThread() {
    return Thread.currentThread() == thread;
  }

  /** Reports waiting. */
  public int depth() {
    return queue.size();
  }

  /**
   * Reports that did not run to their end: dropped because the queue was full or stopped, given
   * up on by {@link #end}, or interrupted by it.
   */
  public long dropped() {
    return dropped.get();
  }

  /** Reports that threw. */
  public long failed() {
    return failed.get();
  }

  /** Lets the queued reports run, then ends the thread; later offers are dropped. */
  public void stop() {
    stopping = true;
    // if the queue is full the thread is not waiting on it, and ends once it has emptied it
    queue.offer(wake);
  }

  /**
   * Stops the queue ({@link #stop()}) and lets the queued reports run for at most {@code
   * timeout}. Then it gives up on the rest: the reports still queued are removed without running,
   * and the one running is interrupted (a wait for room in the store's buffer then ends, and the
   * buffer counts the records it refused) and waited for a moment more; all are counted as
   * dropped. Called from the queue's own thread, it only stops.
   *
   * @return how many queued reports were given up on
   */
  public int end(Duration timeout) {
    stop();
    if (isReportThread()) {
      return 0;
    }
    boolean callerInterrupted = joinWasInterrupted(timeout.toMillis());
    givenUp = true;
    int left = 0;
    List<Consumer<T>> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Consumer<T> report : rest) {
      if (report != wake) {
        left++;
      }
    }
    dropped.addAndGet(left);
    if (thread.isAlive()) {
      thread.interrupt();
      callerInterrupted |= joinWasInterrupted(INTERRUPTED_REPORT_WAIT_MILLIS);
      if (thread.isAlive()) {
        LOG.warn("The spark-mlops listener's report thread did not return within {} ms of being "
            + "interrupted; what it reports from now on may come after the store was closed",
            INTERRUPTED_REPORT_WAIT_MILLIS);
      }
    }
    if (callerInterrupted) {
      Thread.currentThread().interrupt();
    }
    return left;
  }

  /** Waits up to {@code millis} for the thread to end; true if the caller was interrupted. */
  private boolean joinWasInterrupted(long millis) {
    try {
      thread.join(Math.max(1, millis));
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private void run() {
    while (!givenUp) {
      Consumer<T> report;
      try {
        report = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (report != wake) {
        runOne(report);
      }
      if (stopping && queue.isEmpty()) {
        return;
      }
    }
  }

  private void runOne(Consumer<T> report) {
    try {
      report.accept(target);
      if (Thread.interrupted()) {
        // end() gave up on it while it ran: it may have written only part of its records
        dropped.incrementAndGet();
      }
    } catch (RuntimeException | LinkageError e) {
      // a LinkageError too: one report that cannot link must not end the thread for all others
      failed.incrementAndGet();
      Thread.interrupted();
      LOG.warn("A spark-mlops listener report failed", e);
    }
  }
}
