package io.github.sparkmlops.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The listener's job statistics and its own cost, on this JVM's Spark line. */
class ListenerTest {

  @AfterAll
  static void internalPathsLinked() {
    LineSpark.assertInternalPathsLinked();
  }

  private final SparkSession spark = LineSpark.session();
  private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

  @Test
  void jobsAndTheListenersOwnCostAreRecorded() {
    Path root = LineSpark.newStoreRoot("listener");
    spark.conf().set(LineSpark.STORE, root.toString());
    spark.conf().set(LineSpark.LISTENER_ENABLED, "true");
    try {
      MLOps mlops = MLOps.init(spark);
      assertEquals(4, jsc.parallelize(List.of(1, 2, 3, 4), 2).map(i -> i * 2).count());
      assertThrows(SparkException.class, () -> jsc.parallelize(List.of(1, 2), 2).foreach(i -> {
        throw new IllegalStateException("boom " + i);
      }));
      assertTrue(mlops.done().complete());
    } finally {
      spark.conf().unset(LineSpark.STORE);
      spark.conf().set(LineSpark.LISTENER_ENABLED, "false");
    }
    Dataset<Row> stats = LineSpark.delta(root, "stats");
    assertEquals(2, stats.where("name = 'spark.job.succeeded'").count(), "two jobs");
    assertEquals(1, stats.where("name = 'spark.job.succeeded' AND value = 0").count(),
        "the failed one, recorded though Spark posts its end after the action throws");
    assertTrue(stats.where("name = 'mlops.listener.events' AND value > 0").count() > 0);
    assertEquals(2, LineSpark.delta(root, "events").where("type = 'SYSTEM_ALERT'").count(),
        "the failed job and its failed stage");
  }
}
