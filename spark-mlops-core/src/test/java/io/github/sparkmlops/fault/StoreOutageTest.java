package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.Await;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.FlushReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store cannot be written for 30 s while a thread reports 1,000 stats a second through the
 * facade; then it can again. Every acknowledged record lands exactly once, nothing is dropped,
 * nothing is written anywhere while the store is down, and the outage is reported once.
 */
@Timeout(600)
class StoreOutageTest {

  private static final long OUTAGE_MS = Long.getLong("mlops.outageMs", 30_000);
  private static final String STAT = "outage.value";

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void unset() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.FLUSH_INTERVAL);
    spark.conf().unset(MLOpsConfig.FLUSH_MAX_BACKOFF);
    spark.conf().unset(MLOpsConfig.BUFFER_CAPACITY);
  }

  @Test
  void thirtySecondsUnwritableUnderSteadyReportingLosesAndDuplicatesNothing() throws Exception {
    StoreOutage store = StoreOutage.under(TestSpark.newStoreRoot("outage").getParent());
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    spark.conf().set(MLOpsConfig.FLUSH_INTERVAL, "500ms");
    // the retry after the store is back comes within 2 s instead of the default 30 s
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "2s");
    // room for the 30,000 records of the outage and then some (the default, 100,000, is also enough)
    spark.conf().set(MLOpsConfig.BUFFER_CAPACITY, "50000");
    MLOps mlops = MLOps.init(spark);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reported = new AtomicLong();
    Thread reporter = new Thread(() -> {
      long start = System.nanoTime();
      while (!stop.get()) {
        // 10 every 10 ms, paced on the clock: 1,000 a second
        long due = (System.nanoTime() - start) / 10_000_000 * 10 + 10;
        while (reported.get() < due) {
          mlops.setStat(STAT, reported.getAndIncrement());
        }
        sleep(5);
      }
    }, "outage-reporter");
    reporter.start();

    // the table exists and has commits before the outage
    Await.until("2,000 records written before the outage", Duration.ofMinutes(2),
        () -> mlops.status().written() >= 2_000);
    long failedBefore = mlops.status().failedAttempts();
    store.begin();
    long outageStart = System.nanoTime();
    long reportedAtOutage = reported.get();
    // a commit already past its last path lookup may still land; once an attempt has failed,
    // the one flusher thread has none under way
    Await.until("a commit to fail in the outage", Duration.ofSeconds(30),
        () -> mlops.status().failedAttempts() > failedBefore);
    long versionsEarlyInOutage = versions(store.real());
    // the outage lasts its time under load: the scenario, not a wait for something
    Thread.sleep(Math.max(0, OUTAGE_MS - (System.nanoTime() - outageStart) / 1_000_000));
    FlushReport during = mlops.status();
    long versionsLateInOutage = versions(store.real());
    store.end();
    double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
    long reportedInOutage = reported.get() - reportedAtOutage;
    // reporting goes on until the store is written again
    Await.until("a commit after the outage", Duration.ofSeconds(30),
        () -> mlops.status().written() > during.written());
    stop.set(true);
    reporter.join(Duration.ofSeconds(30).toMillis());
    assertFalse(reporter.isAlive(), "the reporter stopped");
    FlushReport done = mlops.done();
    System.out.printf("StoreOutageTest: %.1f s outage, %d reported during it, %d in all;"
        + " during: %s; done: %s%n", outageSeconds, reportedInOutage, reported.get(), during, done);

    // the outage was felt, and held its records back without dropping any
    assertTrue(during.failedAttempts() >= 5, "commits failed and were retried: " + during);
    assertNotNull(during.lastError());
    assertTrue(during.pending() >= reportedInOutage - 1_000, "held back: " + during);
    assertEquals(0, during.dropped(), during.toString());
    assertEquals(versionsEarlyInOutage, versionsLateInOutage, "nothing committed while down");
    // nothing was written anywhere else: no directory in place of the store, the file untouched
    assertEquals(0, Files.size(store.blocker()));
    try (Stream<Path> siblings = Files.list(store.root().getParent())) {
      assertEquals(List.of("blocker", "real", "store"),
          siblings.map(p -> p.getFileName().toString()).sorted().toList());
    }

    // every acknowledged record once: the reported ones, and the one alert that the store was lost
    assertEquals(reported.get() + 1, done.acknowledged(), done.toString());
    assertEquals(done.acknowledged(), done.written(), done.toString());
    assertEquals(0, done.pending(), done.toString());
    assertEquals(0, done.dropped(), done.toString());
    Dataset<Row> rows = spark.read().format("delta").load(store.real().resolve("stats").toString())
        .where("name = '" + STAT + "'");
    Row counts = rows.selectExpr("count(*)", "count(DISTINCT value)", "count(DISTINCT seq)",
        "min(value)", "max(value)").first();
    assertEquals(reported.get(), counts.getLong(0), "rows");
    assertEquals(reported.get(), counts.getLong(1), "distinct values");
    assertEquals(reported.get(), counts.getLong(2), "distinct seq");
    assertEquals(0.0, counts.getDouble(3));
    assertEquals(reported.get() - 1, (long) counts.getDouble(4));
    assertEquals(1, spark.read().format("delta").load(store.real().resolve("events").toString())
        .where("type = 'SYSTEM_ALERT' AND title = 'MLOps store lost'").count(),
        "the outage is reported once, however often the commit was retried");
  }

  private long versions(Path real) throws Exception {
    Path log = real.resolve("stats/_delta_log");
    try (Stream<Path> files = Files.list(log)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
