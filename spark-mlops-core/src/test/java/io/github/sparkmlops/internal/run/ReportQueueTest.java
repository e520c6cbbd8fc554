package io.github.sparkmlops.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener's report queue on its own, without Spark: reports run in order on the queue's
 * thread, a full queue drops and counts without blocking, a report that throws is counted and the
 * thread goes on, and ending it is bounded and counts every report that did not run to its end.
 */
@Timeout(30)
class ReportQueueTest {

  /** What the reports run against: the names of the reports that ran, in order. */
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blocked = new CountDownLatch(1);

  private ReportQueue<List<String>> queue(int capacity) {
    ReportQueue<List<String>> queue = new ReportQueue<>("report-queue-test", capacity, ran);
    queue.start();
    return queue;
  }

  private static Consumer<List<String>> report(String name) {
    return target -> target.add(name);
  }

  /** A report that holds the thread until released, as a report waiting for room does. */
  private Consumer<List<String>> holding() {
    return target -> {
      blocked.countDown();
      try {
        release.await();
        target.add("held");
      } catch (InterruptedException e) {
        target.add("interrupted");
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void reportsRunInOrderOnTheQueuesOwnThread() {
    ReportQueue<List<String>> queue = queue(10);
    List<Boolean> onReportThread = new CopyOnWriteArrayList<>();
    assertTrue(queue.offer(report("a")));
    assertTrue(queue.offer(target -> onReportThread.add(queue.isReportThread())));
    assertTrue(queue.offer(report("b")));
    assertFalse(queue.isReportThread());
    assertEquals(0, queue.end(Duration.ofSeconds(10)));
    assertEquals(List.of("a", "b"), ran);
    assertEquals(List.of(true), onReportThread);
    assertEquals(0, queue.dropped());
    assertEquals(0, queue.failed());
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
    ReportQueue<List<String>> queue = queue(2);
    queue.offer(holding());
    assertTrue(blocked.await(10, TimeUnit.SECONDS));
    assertTrue(queue.offer(report("a")));
    assertTrue(queue.offer(report("b")));
    assertEquals(2, queue.depth());
    assertFalse(queue.offer(report("c")), "no room: dropped at once");
    assertEquals(1, queue.dropped());
    release.countDown();
    assertEquals(0, queue.end(Duration.ofSeconds(10)));
    assertEquals(List.of("held", "a", "b"), ran);
    assertEquals(1, queue.dropped());
  }

  @Test
  void aReportThatThrowsIsCountedAndTheNextOnesRun() {
    ReportQueue<List<String>> queue = queue(10);
    queue.offer(target -> {
      throw new IllegalStateException("boom");
    });
    queue.offer(target -> {
      throw new NoClassDefFoundError("a class of another Spark line");
    });
    queue.offer(report("after"));
    assertEquals(0, queue.end(Duration.ofSeconds(10)));
    assertEquals(List.of("after"), ran);
    assertEquals(2, queue.failed());
    assertEquals(0, queue.dropped());
  }

  @Test
  void reportsOfferedAfterTheEndAreDroppedAndCounted() {
    ReportQueue<List<String>> queue = queue(10);
    queue.offer(report("before"));
    queue.stop();
    assertFalse(queue.offer(report("after")));
    assertEquals(0, queue.end(Duration.ofSeconds(10)));
    assertEquals(List.of("before"), ran);
    assertEquals(1, queue.dropped());
  }

  /**
   * A report that does not return within the end's timeout is interrupted, and the queued ones
   * are given up; every one of them is counted, none runs afterwards.
   */
  @Test
  void theEndGivesUpOnWhatDoesNotRunInTimeAndCountsIt() throws Exception {
    ReportQueue<List<String>> queue = queue(10);
    queue.offer(holding());
    assertTrue(blocked.await(10, TimeUnit.SECONDS));
    queue.offer(report("a"));
    queue.offer(report("b"));
    long t0 = System.nanoTime();
    assertEquals(2, queue.end(Duration.ofMillis(200)), "the two queued reports are given up");
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the end is bounded");
    assertEquals(3, queue.dropped(), "the two given up and the one interrupted");
    assertEquals(0, queue.depth());
    release.countDown();
    assertEquals(List.of("interrupted"), ran, "nothing ran after the end");
    assertFalse(queue.offer(report("late")));
    assertEquals(List.of("interrupted"), ran);
  }

  @Test
  void anEndFromTheQueuesOwnThreadOnlyStops() throws Exception {
    ReportQueue<List<String>> queue = queue(10);
    List<Integer> givenUp = new CopyOnWriteArrayList<>();
    // the end on the queue's thread comes once the next report is queued, not before (CI once
    // ran it first, and the queue then rightly refused the report)
    CountDownLatch queued = new CountDownLatch(1);
    queue.offer(target -> {
      awaitUninterruptibly(queued);
      givenUp.add(queue.end(Duration.ofMinutes(10)));
    });
    assertTrue(queue.offer(report("queued before")));
    queued.countDown();
    assertEquals(0, queue.end(Duration.ofSeconds(10)));
    assertEquals(List.of(0), givenUp, "it did not wait on itself");
    assertEquals(List.of("queued before"), ran);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void reportsOfAQueueThatNeverStartedAreCounted() {
    ReportQueue<List<String>> queue = new ReportQueue<>("never started", 10, ran);
    queue.offer(report("a"));
    assertEquals(1, queue.end(Duration.ofMillis(10)));
    assertEquals(1, queue.dropped());
    assertEquals(List.of(), ran);
  }
}
