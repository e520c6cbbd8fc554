package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.flush.FlushSettings;
import io.github.sparkmlops.internal.flush.Flusher;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Writer JVMs killed with SIGKILL while they flush and while they compact, one after the other,
 * against the same store (each a new writer id, as separate applications would be). Every writer
 * also maintains the store in a loop, so a kill lands in a commit, a checkpoint, a compaction or a
 * clean-up. After every kill the table must open
 * in delta-spark and in Delta Kernel, hold no row twice, hold every record the killed JVM said was
 * committed, and hold each writer's records as a whole prefix 1..n (commits land in order, and a
 * commit lands whole or not at all). After all kills a new writer still writes.
 *
 * <p>The table checkpoints after every commit (Delta's default is every 10th), so kills also land
 * while a checkpoint is written: before the fix in LocalAtomicLogStore, such a kill left a
 * truncated checkpoint under its final name, and neither reader could open the table. In a run of
 * 24 kills here, 6 landed in a checkpoint write.
 *
 * <p>The kill comes at a random moment (seeded; the seed is printed, and {@code
 * -Dmlops.killSeed=...} replays the same delays, though not the same instants in the writer).
 * Each writer JVM starts while the previous kill is checked, so a trial costs about its checks.
 */
class KillDuringWritesTest {

  private static final int TRIALS = Integer.getInteger("mlops.killTrials", 20);

  @Test
  void killedWritersLeaveEveryCommittedRecordOnceAndATableEveryReaderOpens() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("kill");
    String stats = root.resolve("stats").toString();
    long seed = Long.getLong("mlops.killSeed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("KillDuringWritesTest: " + TRIALS + " trials, seed " + seed);
    Map<String, Long> reported = new LinkedHashMap<>();
    // A checkpoint after every commit (Delta's default is every 10th), so that every kill can
    // land in a checkpoint being written, not only in a commit.
    assertEquals(50, writeCleanly(root, "creator", 50).written());
    reported.put("creator", 50L);
    spark.sql("ALTER TABLE delta.`" + stats + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '1')");
    long start = System.nanoTime();
    // The next writer JVM starts as soon as one is killed, and warms up while the store is
    // checked; the checks look only at the writers already killed.
    WriterTrial next = WriterTrial.start("compact", root, "killed-1");
    try {
      runTrials(spark, root, random, seed, reported, next);
    } finally {
      WriterTrial.killAll();
    }
    System.out.printf("KillDuringWritesTest: %d kills in %.1f s; records reported written: %s;"
        + " kills that landed while a checkpoint was written: %d%n",
        TRIALS, (System.nanoTime() - start) / 1e9, reported.values(), cutCheckpoints(root));

    // the store the kills left behind still takes writes
    FlushReport after = writeCleanly(root, "after-kills", 500);
    assertEquals(500, after.written(), after.toString());
    reported.put("after-kills", 500L);
    checkStore(spark, stats, reported, "after the kills");
  }

  private static void runTrials(SparkSession spark, Path root, Random random, long seed,
      Map<String, Long> reported, WriterTrial first) throws Exception {
    String stats = root.resolve("stats").toString();
    WriterTrial next = first;
    int killedMaintaining = 0;
    long filesCompacted = 0;
    for (int t = 1; t <= TRIALS; t++) {
      WriterTrial trial = next;
      String writer = "killed-" + t;
      // counted from its first commit, or from the end of the last check if it wrote before:
      // a commit and its checkpoint take 50-200 ms here, so the delay spans several of them
      long delayMs = random.nextInt(800);
      assertTrue(trial.awaitFirstWrite(120), "trial " + t + " never wrote:\n" + trial.tail());
      Thread.sleep(delayMs);
      assertTrue(trial.alive(), "trial " + t + " died before the kill:\n" + trial.tail());
      long written = trial.kill();
      reported.put(writer, written);
      boolean inMaintenance = trial.maintaining();
      killedMaintaining += inMaintenance ? 1 : 0;
      filesCompacted += trial.filesCompacted();
      next = t < TRIALS ? WriterTrial.start("compact", root, "killed-" + (t + 1)) : null;
      String context = "trial " + t + " (seed " + seed + ", killed " + delayMs
          + " ms into its commits, " + written + " reported written, "
          + (inMaintenance ? "during" : "outside") + " maintenance)";
      System.out.println("KillDuringWritesTest: " + context);
      checkStore(spark, stats, reported, context + "\n" + trial.tail());
    }
    System.out.println("KillDuringWritesTest: " + killedMaintaining + " of " + TRIALS
        + " kills landed during maintenance; the killed writers compacted " + filesCompacted
        + " files");
    assertTrue(filesCompacted > 0, "the writers compacted nothing: compaction was not exercised");
    assertTrue(killedMaintaining > 0, "no kill landed during maintenance");
  }

  /** Checkpoints a kill cut short: Kernel writes them to a temporary file first, left behind. */
  private static long cutCheckpoints(Path root) throws java.io.IOException {
    try (java.util.stream.Stream<Path> log = java.nio.file.Files.list(root.resolve("stats/_delta_log"))) {
      return log.filter(p -> p.getFileName().toString().matches("\\.\\d{20}\\.checkpoint\\.parquet\\..*\\.tmp"))
          .count();
    }
  }

  private static void checkStore(SparkSession spark, String stats, Map<String, Long> reported,
      String context) throws Exception {
    StoreKeys delta = StoreKeys.deltaSpark(spark, stats, FaultWriterMain.STAT, reported.keySet());
    StoreKeys kernel = StoreKeys.kernel(stats, reported.keySet());
    delta.assertWholeAndUnique("delta-spark, " + context);
    kernel.assertSameAs(delta, "Kernel and delta-spark disagree, " + context);
    reported.forEach((writer, n) ->
        StoreKeys.assertAtLeast(n, delta.max(writer), writer + ", " + context));
  }

  private static FlushReport writeCleanly(Path root, String writerId, int count) {
    FlushSettings settings = new FlushSettings(
        count, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(1), 100);
    RunContext context = new RunContext("faults", "faults", "kill", writerId, "localhost");
    try (Flusher flusher = new Flusher(writerId, settings,
        Store.writers(Store.engine(new Configuration()), new StoreLayout(root.toString())))) {
      for (int i = 1; i <= count; i++) {
        flusher.offer(StoreTable.STATS, StoreSchema.statRow(new StatRecord(Instant.now(), context,
            writerId, i, FaultWriterMain.STAT, "TIME_SERIES", StatType.NUMBER,
            new NumberValue(i))), Duration.ofSeconds(10));
      }
      return flusher.close(Duration.ofSeconds(60));
    }
  }
}
