package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.FlushReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Threads of one application, other writers in this JVM, and two other JVMs, on one store at once. */
class ConcurrentWritersTest {

  private static final int PER_WRITER = 400;

  private final SparkSession spark = TestSpark.session();

  @Test
  void everyRecordOfEveryWriterLandsExactlyOnce() throws Exception {
    Path root = TestSpark.newStoreRoot("concurrent");
    List<Process> jvms = new ArrayList<>();
    for (int j = 1; j <= 2; j++) {
      jvms.add(startJvm(root, "jvm-" + j));
    }

    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.FLUSH_INTERVAL, "20ms");
    spark.conf().set(MLOpsConfig.FLUSH_MAX_RECORDS_PER_COMMIT, "50");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      MLOps mlops = MLOps.init(spark);
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < PER_WRITER; i++) {
            mlops.setStat("threaded", i);
          }
        }));
      }
      List<Future<FlushReport>> inJvm = new ArrayList<>();
      for (int w = 1; w <= 2; w++) {
        String id = "in-jvm-" + w;
        inJvm.add(pool.submit(() -> ConcurrentWriterMain.write(root.toString(), id, PER_WRITER)));
      }
      for (Future<?> task : tasks) {
        task.get(2, TimeUnit.MINUTES);
      }
      FlushReport facade = mlops.done();
      assertTrue(facade.complete(), facade.toString());
      assertEquals(4 * PER_WRITER, facade.written());
      for (Future<FlushReport> writer : inJvm) {
        assertEquals(PER_WRITER, writer.get(2, TimeUnit.MINUTES).written());
      }
    } finally {
      pool.shutdownNow();
      spark.conf().unset(MLOpsConfig.STORE);
      spark.conf().unset(MLOpsConfig.FLUSH_INTERVAL);
      spark.conf().unset(MLOpsConfig.FLUSH_MAX_RECORDS_PER_COMMIT);
    }
    for (Process jvm : jvms) {
      assertTrue(jvm.waitFor(3, TimeUnit.MINUTES), "writer JVM finished");
      String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, jvm.exitValue(), output);
    }

    Dataset<Row> stats = spark.read().format("delta").load(root.resolve("stats").toString());
    long expected = 8L * PER_WRITER;
    assertEquals(expected, stats.count());
    assertEquals(expected, stats.select("writer_id", "seq").distinct().count());
    List<Row> perWriter = stats.groupBy("node").count().orderBy("node").collectAsList();
    assertEquals(5, perWriter.size(), perWriter.toString());
    long commits = spark.sql("DESCRIBE HISTORY delta.`" + root.resolve("stats") + "`")
        .where("operation = 'WRITE'").count();
    assertTrue(commits >= 4 * PER_WRITER / 50, "writers committed in many small interleaved commits: " + commits);
  }

  private static Process startJvm(Path root, String writerId) throws Exception {
    return TestJvm.start(ConcurrentWriterMain.class, "512m", root.toString(), writerId,
        String.valueOf(PER_WRITER));
  }
}
