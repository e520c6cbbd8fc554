package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A Spark application SIGKILLed in the middle of a micro-batch, then started again from the query's
 * checkpoint: Spark runs that batch again, and the store holds every batch's stats and lineage
 * exactly once.
 */
class StreamKillTest {

  private static final int FILES = 4;
  private static final int STALLED_BATCH = 2;

  private final SparkSession spark = TestSpark.session();

  @Test
  void aBatchKilledInTheMiddleIsRecordedOnceAfterTheRestart() throws Exception {
    Path root = TestSpark.newStoreRoot("stream kill");
    Path work = root.getParent();
    Path input = work.resolve("input");
    Path checkpoint = work.resolve("checkpoint");
    Path output = work.resolve("output");
    for (int file = 0; file < FILES; file++) {
      spark.range(100).selectExpr("CAST(id + " + file * 100 + " AS DOUBLE) AS x")
          .coalesce(1).write().mode("append").parquet(input.toString());
    }
    String[] args = {root.toString(), input.toString(), checkpoint.toString(), output.toString()};

    App first = App.start(args, Double.toString(STALLED_BATCH * 100));
    Path stalled = Path.of(checkpoint + ".stalled");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(stalled) && batchIds(root).size() == STALLED_BATCH)) {
      assertTrue(first.process().isAlive(), "the first run ended before it stalled: "
          + first.output());
      assertTrue(System.nanoTime() < deadline, "the first run did not stall in batch "
          + STALLED_BATCH + " with the batches before it stored; stored " + batchIds(root)
          + "; output: " + first.output());
      Thread.sleep(200);
    }
    first.process().destroyForcibly();
    assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));

    App second = App.start(args, "-1");
    assertTrue(second.process().waitFor(180, TimeUnit.SECONDS), "the second run did not end: "
        + second.output());
    assertEquals(0, second.process().exitValue(), "the second run failed: " + second.output());

    assertEquals(List.of(0L, 1L, 2L, 3L), batchIds(root),
        "every batch once, the killed one included");
    assertEquals(FILES, spark.read().format("delta").load(root.resolve("stats").toString())
        .where("name = 'predictions.rows' AND value = 100").count());
    assertEquals(FILES * 100, spark.read().parquet(output.toString()).count(),
        "the file sink wrote every row once too");
    // lineage is on by default: each batch's source and sink, once
    assertEquals(List.of("0 input", "0 output", "1 input", "1 output", "2 input", "2 output",
            "3 input", "3 output"),
        spark.read().format("delta").load(root.resolve("lineage").toString())
            .where("batch_id IS NOT NULL").orderBy("batch_id", "direction")
            .selectExpr("concat(batch_id, ' ', direction)").as(Encoders.STRING())
            .collectAsList());
  }

  /** The batch ids the store holds input row counts for, in order, repeats included. */
  private List<Long> batchIds(Path root) {
    Path stats = root.resolve("stats");
    if (!Files.isDirectory(stats.resolve("_delta_log"))) {
      return List.of();
    }
    return spark.read().format("delta").load(stats.toString())
        .where("name = 'spark.stream.input_rows'").orderBy("batch_id").select("batch_id")
        .as(Encoders.LONG()).collectAsList();
  }

  /** A running application, its output read (the last lines kept) so that it never blocks. */
  private record App(Process process, Deque<String> tail) {

    static App start(String[] args, String stallX) throws java.io.IOException {
      String[] all = java.util.Arrays.copyOf(args, args.length + 1);
      all[args.length] = stallX;
      App app = new App(TestJvm.start(StreamQueryMain.class, "1g", all), new ArrayDeque<>());
      Thread reader = new Thread(app::read, "stream-app-output");
      reader.setDaemon(true);
      reader.start();
      return app;
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 40) {
              tail.removeFirst();
            }
          }
        }
      } catch (java.io.IOException e) {
        // the process is gone
      }
    }

    String output() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }
  }
}
