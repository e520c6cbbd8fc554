package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.fault.StoreOutage;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idempotent commits, and a store that cannot be written for a while: nothing lost, nothing twice.
 * The faults are made so that they hold for root and on any local filesystem (overlay, tmpfs):
 * no permission bits, no {@code chattr}.
 */
@Timeout(300)
class StoreFailureTest {

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void finish() {
    spark.conf().unset(MLOpsConfig.STORE);
  }

  private Dataset<Row> read(Path root, StoreTable table) {
    return spark.read().format("delta").load(root.resolve(table.directory()).toString());
  }

  private long versions(Path root) {
    return spark.sql("DESCRIBE HISTORY delta.`" + root.resolve("stats") + "`").count();
  }

  @Test
  void replayingACommitWithTheSameTransactionIdWritesNothing() throws Exception {
    Path root = TestSpark.newStoreRoot("idempotent");
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = Store.writers(
        Store.engine(spark.sparkContext().hadoopConfiguration()), layout).get(StoreTable.STATS);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(StoreSchema.statRow(new StatRecord(Instant.now(), TestRecords.CONTEXT, "w", i, "s",
          "TIME_SERIES", StatType.NUMBER, new NumberValue(i))));
    }
    assertEquals(DeltaTableWriter.Outcome.COMMITTED, writer.append("w", 1, rows));
    long versionsAfterFirst = versions(root);
    assertEquals(DeltaTableWriter.Outcome.ALREADY_COMMITTED, writer.append("w", 1, rows));
    assertEquals(DeltaTableWriter.Outcome.ALREADY_COMMITTED, writer.append("w", 0, rows));
    assertEquals(versionsAfterFirst, versions(root), "no new table version");
    assertEquals(10, read(root, StoreTable.STATS).count());
    assertEquals(DeltaTableWriter.Outcome.COMMITTED, writer.append("other-writer", 1, rows));
    assertEquals(20, read(root, StoreTable.STATS).count(), "transaction ids are per writer");
  }

  /**
   * The store becomes unreachable (its root, a link, points at a regular file: see {@link
   * StoreOutage}) after its tables were written, then comes back.
   */
  @Test
  void anUnreachableStoreKeepsRecordsUntilItIsBackThenWritesEachOnce() throws Exception {
    StoreOutage store = StoreOutage.under(TestSpark.newStoreRoot("unreachable").getParent());
    Path root = store.real();
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    mlops.systemAlert("first", "creates the events table");
    assertTrue(mlops.flush().complete());

    FlushReport blocked;
    store.begin();
    try {
      for (int i = 0; i < 500; i++) {
        mlops.setStat("during", i);
      }
      mlops.dataAlert("during", "an alert while the store is unreachable");
      blocked = mlops.flush(Duration.ofSeconds(3));
    } finally {
      store.end();
    }
    // the 501 records, and the SYSTEM_ALERT saying that the store is lost
    assertEquals(502, blocked.pending(), blocked.toString());
    assertTrue(blocked.failedAttempts() >= 2, "retried with backoff: " + blocked);
    assertTrue(blocked.lastError() != null && blocked.lastError().contains("is gone"),
        blocked.toString());

    FlushReport recovered = mlops.flush(Duration.ofSeconds(60));
    assertTrue(recovered.complete(), recovered.toString());
    assertEquals(504, recovered.written());
    Dataset<Row> stats = read(root, StoreTable.STATS);
    assertEquals(501, stats.count());
    assertEquals(501, stats.select("writer_id", "seq").distinct().count(), "each record once");
    assertEquals(3, read(root, StoreTable.EVENTS).count());
    assertEquals(1, read(root, StoreTable.EVENTS).where("title = 'MLOps store lost'").count());
  }

  @Test
  void aCommitThatFailsAfterWritingItsFilesLeavesTheTableConsistent() throws Exception {
    Path root = TestSpark.newStoreRoot("midcommit");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    assertTrue(mlops.flush().complete());
    long filesBefore = parquetFiles(root);

    // Only the log refuses: a link to nowhere holds the name of the next commit, which the log
    // store's link(2) cannot take and its listing does not show. Parquet files get written, the
    // commit that would add them fails.
    Path log = root.resolve("stats/_delta_log");
    Path next = log.resolve(String.format("%020d.json", latestCommit(log) + 1));
    Files.createSymbolicLink(next, log.resolve("nowhere"));
    FlushReport blocked;
    try {
      for (int i = 0; i < 100; i++) {
        mlops.setStat("during", i);
      }
      blocked = mlops.flush(Duration.ofSeconds(2));
      assertEquals(1, read(root, StoreTable.STATS).count(), "orphan files are not part of the table");
    } finally {
      Files.delete(next);
    }
    assertEquals(100, blocked.pending(), blocked.toString());
    assertTrue(parquetFiles(root) > filesBefore + 1, "failed attempts left orphan files behind");
    assertTrue(mlops.flush().complete());
    Dataset<Row> stats = read(root, StoreTable.STATS);
    assertEquals(101, stats.count());
    assertEquals(101, stats.select("writer_id", "seq").distinct().count());
  }

  /**
   * The store is unreachable before its first write (so this is no lost table, which would add
   * its alert to the counts) and the buffer fills.
   */
  @Test
  void aFullBufferDropsAndCountsWithoutSpinningWhileTheStoreIsDown() throws Exception {
    StoreOutage store = StoreOutage.under(TestSpark.newStoreRoot("full").getParent());
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    spark.conf().set(MLOpsConfig.BUFFER_CAPACITY, "100");
    spark.conf().set(MLOpsConfig.OFFER_TIMEOUT, "10ms");
    try {
      MLOps mlops = MLOps.init(spark);
      FlushReport blocked;
      long flusherCpu;
      store.begin();
      try {
        for (int i = 0; i < 150; i++) {
          mlops.setStat("during", i);
        }
        // not a wait for anything: the span over which the flusher's CPU time is measured
        long cpuBefore = flusherCpuNanos();
        Thread.sleep(2_000);
        flusherCpu = flusherCpuNanos() - cpuBefore;
        blocked = mlops.status();
      } finally {
        store.end();
      }
      assertEquals(100, blocked.pending(), blocked.toString());
      assertEquals(50, blocked.dropped(), blocked.toString());
      assertTrue(blocked.failedAttempts() >= 1, blocked.toString());
      assertTrue(flusherCpu < 500_000_000L,
          "the flusher waits out its backoff instead of spinning: " + flusherCpu / 1_000_000 + " ms CPU in 2 s");
      FlushReport done = mlops.done();
      assertEquals(100, done.written());
      assertEquals(50, done.dropped());
      assertEquals(100, read(store.real(), StoreTable.STATS).count());
    } finally {
      spark.conf().unset(MLOpsConfig.BUFFER_CAPACITY);
      spark.conf().unset(MLOpsConfig.OFFER_TIMEOUT);
    }
  }

  /** The version of the newest commit in {@code log}. */
  private static long latestCommit(Path log) throws Exception {
    try (Stream<Path> files = Files.list(log)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow();
    }
  }

  private static long flusherCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("spark-mlops-flusher-"))
        .mapToLong(t -> threads.getThreadCpuTime(t.getId()))
        .sum();
  }

  private static long parquetFiles(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root.resolve("stats"))) {
      return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .count();
    }
  }
}
