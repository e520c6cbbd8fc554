package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.accumulate.CountAccumulator;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The listener MLOps.init installs, on the shared local session, read back with delta-spark. */
class MLOpsListenerTest {

  private final SparkSession spark = TestSpark.session();
  private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  private Path root;

  @BeforeEach
  void listenerOn() {
    root = TestSpark.newStoreRoot("listener");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "true");
    spark.conf().set(MLOpsConfig.LISTENER_STAGES, "true");
  }

  @AfterEach
  void listenerOff() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "false");
    spark.conf().unset(MLOpsConfig.LISTENER_STAGES);
    spark.conf().unset(MLOpsConfig.ENABLED);
  }

  private Dataset<Row> stats() {
    return spark.read().format("delta").load(root.resolve("stats").toString());
  }

  private double number(String name) {
    List<Row> rows = stats().where("name = '" + name + "'").orderBy("time").collectAsList();
    assertFalse(rows.isEmpty(), "no stat " + name);
    Row last = rows.get(rows.size() - 1);
    return last.getDouble(last.fieldIndex("value"));
  }

  @Test
  void recordsJobAndStageStatsFailuresAndAccumulatorsAtJobEnd() {
    MLOps mlops = MLOps.init(spark);
    CountAccumulator seen = mlops.countAccumulator("listener.seen");
    long before = System.currentTimeMillis();
    long groups = jsc.parallelize(IntStream.range(0, 20_000).boxed().toList(), 8)
        .mapToPair(i -> new Tuple2<>(i % 100, 1))
        .reduceByKey(Integer::sum, 4)
        .map(kv -> {
          seen.add(1L);
          return kv;
        })
        .count();
    long shuffleWallMs = System.currentTimeMillis() - before;
    assertEquals(100, groups);
    assertThrows(SparkException.class, () -> jsc.parallelize(List.of(1, 2), 2).foreach(i -> {
      throw new IllegalStateException("boom " + i);
    }));
    mlops.done();

    assertEquals(1, stats().where("name = 'spark.job.tasks' AND value = 12").count(),
        "the shuffle job: 8 map + 4 reduce tasks");
    assertEquals(1, stats().where("name = 'spark.job.succeeded' AND value = 0").count(),
        "the failing job is recorded as failed");
    assertEquals(2, stats().where("name = 'spark.job.succeeded'").count(), "two jobs");
    double shuffleMs = stats().where("name = 'spark.job.duration_ms'").orderBy("time")
        .first().getAs("value");
    assertTrue(shuffleMs > 0 && shuffleMs <= shuffleWallMs,
        "the shuffle job took " + shuffleMs + " ms of the " + shuffleWallMs + " ms around it");
    long shuffleWrites = stats()
        .where("name = 'spark.job.shuffle_write_bytes' AND value > 0").count();
    assertEquals(1, shuffleWrites, "the shuffle job wrote shuffle bytes");
    assertTrue(stats().where("name = 'spark.stage.tasks'").count() >= 3, "per-stage stats are on");
    Row hist = stats().where("name = 'spark.job.task_duration_ms'").orderBy("time").first();
    List<Double> counts = hist.getStruct(hist.fieldIndex("histogram")).getList(3);
    assertEquals(12.0, counts.stream().mapToDouble(Double::doubleValue).sum());
    assertEquals(100, number("listener.seen"), "the accumulator was reported at job end");
    assertTrue(number("mlops.listener.events") > 0);
    assertTrue(number("mlops.listener.callback_ms") > 0, "callbacks take time");
    assertEquals(0, number("mlops.listener.dropped"));

    List<Row> alerts = spark.read().format("delta").load(root.resolve("events").toString())
        .where("type = 'SYSTEM_ALERT'").collectAsList();
    assertEquals(2, alerts.size(), "the failed job and its failed stage");
    assertTrue(alerts.stream().allMatch(a -> a.getString(a.fieldIndex("message")).contains("boom")),
        alerts.toString());
  }

  @Test
  void withoutSparksBusToWaitOnDoneStillRecordsAFailedLastJob() {
    spark.conf().set(SparkSeam.LISTENER_BUS.setting(), "true");
    try {
      MLOps mlops = MLOps.init(spark);
      jsc.parallelize(List.of(1, 2, 3), 3).count();
      assertThrows(SparkException.class, () -> jsc.parallelize(List.of(1, 2), 2).foreach(i -> {
        throw new IllegalStateException("boom " + i);
      }));
      mlops.done();
    } finally {
      spark.conf().unset(SparkSeam.LISTENER_BUS.setting());
    }
    assertEquals(1, stats().where("name = 'spark.job.succeeded' AND value = 0").count(),
        "the failing job, whose end Spark posts after the action throws, is recorded");
    assertEquals(2, stats().where("name = 'spark.job.succeeded'").count(), "two jobs");
  }

  @Test
  void disabledMeansNothingIsRecorded() {
    spark.conf().set(MLOpsConfig.ENABLED, "false");
    MLOps mlops = MLOps.init(spark);
    jsc.parallelize(List.of(1, 2, 3), 3).count();
    mlops.done();
    assertFalse(Files.exists(root), "no store was created");
  }
}
