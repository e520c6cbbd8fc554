package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.fault.FaultWriterMain;
import io.github.sparkmlops.fault.WriterTrial;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A store whose writers were killed with SIGKILL mid-flush reads through {@code format("mlops")}
 * as through delta-spark: each record the writer reported committed, once. (The core module's
 * KillDuringWritesTest runs many more kills and checks delta-spark and Kernel.)
 */
class KilledWriterReadTest {

  private static final int TRIALS = 3;

  private final SparkSession spark = TestSpark.session();

  @Test
  void aStoreLeftByKilledWritersReadsWholeThroughTheMlopsSource() throws Exception {
    Path root = TestSpark.newStoreRoot("killed-read");
    long seed = Long.getLong("mlops.killSeed", System.nanoTime());
    Random random = new Random(seed);
    try {
      for (int t = 1; t <= TRIALS; t++) {
        String writer = "killed-" + t;
        WriterTrial trial = WriterTrial.start("flush", root, writer);
        assertTrue(trial.awaitFirstWrite(120), "never wrote:\n" + trial.tail());
        long delayMs = random.nextInt(500);
        Thread.sleep(delayMs);
        long written = trial.kill();
        String context = "trial " + t + ", seed " + seed + ", killed " + delayMs
            + " ms into its commits, " + written + " reported written";
        System.out.println("KilledWriterReadTest: " + context);

        List<Row> mlops = perWriter(spark.read().format("mlops").load(root.toString()));
        List<Row> delta = perWriter(spark.read().format("delta")
            .load(root.resolve("stats").toString()));
        assertEquals(delta, mlops, context);
        assertEquals(t, mlops.size(), context);
        for (Row r : mlops) {
          assertEquals(r.getLong(1), r.getLong(2), "no duplicates: " + r + ", " + context);
          assertEquals(r.getLong(2), r.getLong(3), "no gaps: " + r + ", " + context);
        }
        Row last = mlops.stream().filter(r -> r.getString(0).equals(writer)).findFirst()
            .orElseThrow();
        assertTrue(last.getLong(3) >= written, "reported written are there: " + last + ", "
            + context);
      }
    } finally {
      WriterTrial.killAll();
    }
  }

  private static List<Row> perWriter(org.apache.spark.sql.Dataset<Row> stats) {
    return stats.where("name = '" + FaultWriterMain.STAT + "'")
        .groupBy("writer_id")
        .agg(org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.countDistinct("seq"),
            org.apache.spark.sql.functions.max("seq"))
        .orderBy("writer_id")
        .collectAsList();
  }
}
