package io.github.sparkmlops.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;

/**
 * What the tests of {@code monitor} share: an application writing to a new store with the listener
 * on, a stored baseline {@code training} (x from N(0, 1), c "a" or "b" in equal shares, 4,000
 * rows), and waits for what the listener reports about a streaming query (it gets the query's
 * progress after the query ends, and reports on its own thread) to be written to the store.
 */
final class StreamFixture {

  private static final SparkSession spark = TestSpark.session();

  private StreamFixture() {}

  /** Starts an application writing to {@code root} with the listener on, the baseline stored. */
  static MLOps start(Path root) {
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "true");
    MLOps mlops = MLOps.init(spark);
    mlops.setDataDistributionStat("training", spark.range(0, 4000, 1, 1).select(
        randn(99).as("x"), when(col("id").mod(2).equalTo(0), lit("a")).otherwise(lit("b"))
            .as("c")));
    return mlops;
  }

  /** Ends the application and turns the listener off again, as the other tests expect it. */
  static void stop(MLOps mlops) {
    mlops.done();
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "false");
  }

  /** Until the drift table holds at least {@code rows} rows. */
  static void driftRows(MLOps mlops, Path root, long rows) throws Exception {
    until(mlops, () -> Files.exists(root.resolve("drift/_delta_log")) && spark.read()
        .format("delta").load(root.resolve("drift").toString()).count() >= rows);
  }

  /** Until the events table holds at least {@code rows} events titled {@code title}. */
  static void events(MLOps mlops, Path root, String title, long rows) throws Exception {
    until(mlops, () -> spark.read().format("delta").load(root.resolve("events").toString())
        .where(col("title").equalTo(title)).count() >= rows);
  }

  /** Until {@code done}, flushing before each look, for at most 60 seconds. */
  static void until(MLOps mlops, BooleanSupplier done) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      mlops.flush();
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < giveUp);
    throw new AssertionError("not reported within 60 s");
  }
}
