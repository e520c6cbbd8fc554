package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Many writers, each with its own Kernel engine (as separate JVMs have), committing small batches
 * to one table on the local filesystem as fast as they can. Every commit must land: a log store
 * whose "does the next version exist?" check and rename are two steps lets two writers both win a
 * version, and the second silently replaces the first's commit.
 *
 * <p>Kernel gives up on a commit after a bounded number of immediate retries; with eight writers
 * on two cores that bound is sometimes reached. Each writer then replays the same commit, as the
 * flusher does, and the row count also proves that a replay never duplicates.
 */
class CommitRaceTest {

  private static final int WRITERS = 8;
  private static final int COMMITS = 25;

  @Test
  void racingCommitsAllLand() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("race");
    StoreLayout layout = new StoreLayout(root.toString());
    Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS)
        .append("creator", 1, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String id = "racer-" + w;
      writers.add(pool.submit(() -> {
        DeltaTableWriter writer =
            Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS);
        start.await();
        for (int c = 1; c <= COMMITS; c++) {
          Object[] row = StoreSchema.statRow(new StatRecord(Instant.now(), TestRecords.CONTEXT, id, c,
              "race", "TIME_SERIES", StatType.NUMBER, new NumberValue(c)));
          appendUntilLanded(writer, id, c, row);
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> w : writers) {
      w.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long rows = spark.read().format("delta").load(root.resolve("stats").toString()).count();
    assertEquals((long) WRITERS * COMMITS, rows);
  }

  private static void appendUntilLanded(DeltaTableWriter writer, String id, long version,
      Object[] row) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.append(id, version, List.<Object[]>of(row));
        return;
      } catch (MaxCommitRetryLimitReachedException e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50));
      }
    }
  }
}
