package io.github.sparkmlops.internal.listen;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue of reports and the one daemon thread that runs them against a target. {@link
 * #offer} never blocks: when the queue is full the report is dropped and counted. A report that
 * throws is logged and counted; the thread goes on.
 *
 * @param <T> what reports are run against
 */
public final class ReportQueue<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ReportQueue.class);

  private final BlockingQueue<Consumer<T>> queue;
  private final T target;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean stopping;

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

  /** Reports dropped because the queue was full or stopped. */
  public long dropped() {
    return dropped.get();
  }

  /** Lets the queued reports run, then ends the thread; later offers are dropped. */
  public void stop() {
    stopping = true;
    queue.offer(t -> { });
  }

  /** Waits up to {@code millis} for the thread to end after {@link #stop()}. */
  public void awaitStop(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private void run() {
    while (true) {
      Consumer<T> report;
      try {
        report = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        report.accept(target);
      } catch (RuntimeException e) {
        LOG.warn("spark-mlops listener report failed", e);
      }
      if (stopping && queue.isEmpty()) {
        return;
      }
    }
  }
}
