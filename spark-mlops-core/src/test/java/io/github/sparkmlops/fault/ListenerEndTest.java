package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.MLOpsListener;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.run.FlushReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerInterface;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.Option;

/**
 * The listener's end with its report queue full: the application's end is never dropped, and
 * every report the listener offered is either whole in the store or counted in {@code
 * mlops.listener.dropped}, whatever the queue held when the end came.
 *
 * <p>The queue is filled as {@link ListenerLoadTest} fills it ({@link ListenerBacklog}): the
 * store is made unwritable, so the report thread stops at its first record past the buffer (30)
 * and the reports of a burst of small jobs fill the queue (40) behind it. Each job offers two reports: its stats (20 records, the task duration
 * histogram last) and the listener's cost (6 records, {@code mlops.listener.dropped} last). Once
 * the store is back, the queued reports take many commits of 30 records to get through.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ListenerEndTest {

  private static final int JOBS = 60;
  private static final int QUEUE = 40;

  private final SparkSession spark = TestSpark.session();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private StoreOutage store;

  @BeforeEach
  void queueFilledBehindAnUnwritableStore() throws Exception {
    store = StoreOutage.under(TestSpark.newStoreRoot("listener end").getParent());
    ListenerBacklog.configure(spark, store, QUEUE, 30);
    MLOps.init(spark);
    store.begin();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int j = 0; j < JOBS; j++) {
      jsc.parallelize(List.of(1, 2), 2).count();
    }
    spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
  }

  @AfterEach
  void listenerOff() throws IOException {
    timer.shutdownNow();
    store.end();
    ListenerBacklog.reset(spark);
  }

  /** Before the fix, the end (and with it finishing the run) was a report the full queue dropped. */
  @Test
  void theApplicationsEndFinishesTheRunThoughTheQueueIsFull() throws Exception {
    MLOpsListener listener = installedListener();
    ScheduledFuture<?> back = storeBackIn(1_500);
    listener.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis(),
        Option.empty()));
    back.get(1, TimeUnit.MINUTES);

    assertThrows(IllegalStateException.class, MLOps::get, "the application's end finished the run");
    List<String> titles = events().orderBy("seq").select("title").as(Encoders.STRING())
        .collectAsList();
    assertEquals(List.of("application started", "application ended"), titles);
    assertEveryReportStoredOrCounted();
  }

  /**
   * The store stays out past {@code done()}'s 5 s drain: the reports still queued then are not
   * run, and are counted; the one running is cut short and counted; its records that found no
   * room are counted as dropped by the buffer. Before the fix they went on running once the store
   * was back, while done() closed the store under them: lost, and counted nowhere.
   */
  @Test
  void doneCountsTheReportsItsDrainCouldNotRun() throws Exception {
    ScheduledFuture<?> back = storeBackIn(7_000);
    FlushReport done = MLOps.get().done();
    back.get(1, TimeUnit.MINUTES);

    assertEveryReportStoredOrCounted();
    assertEquals(0, done.pending(), "every acknowledged record written: " + done);
    assertEquals(done.written(), stats().count() + events().count(),
        "the store holds what was written, no more: " + done);
    assertTrue(done.dropped() > 0, "the report cut short had records without room: " + done);
  }

  private void assertEveryReportStoredOrCounted() {
    Dataset<Row> stats = stats();
    long wholeJobReports = stats.where("name = 'spark.job.task_duration_ms'").count();
    long wholeCostReports = stats.where("name = 'mlops.listener.dropped'").count();
    Row last = stats.where("name = 'mlops.listener.dropped'").selectExpr("max(value)").first();
    long dropped = (long) last.getDouble(0);
    assertTrue(dropped > 0, "the full queue dropped reports");
    // the last cost report is written when the listener ends, not queued
    assertEquals(2 * JOBS, wholeJobReports + (wholeCostReports - 1) + dropped,
        "reports whole in the store + reports counted as dropped: " + wholeJobReports + " + "
            + (wholeCostReports - 1) + " + " + dropped);
  }

  private MLOpsListener installedListener() {
    for (SparkListenerInterface l : spark.sparkContext().listenerBus().listeners()) {
      if (l instanceof MLOpsListener mlops) {
        return mlops;
      }
    }
    throw new IllegalStateException("MLOps.init installed no listener");
  }

  private ScheduledFuture<?> storeBackIn(long millis) {
    return timer.schedule(() -> {
      try {
        store.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  private Dataset<Row> stats() {
    return spark.read().format("delta").load(store.real().resolve("stats").toString());
  }

  private Dataset<Row> events() {
    return spark.read().format("delta").load(store.real().resolve("events").toString());
  }
}
