package io.github.sparkmlops.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A stream watched by {@code monitor}: drift per micro-batch against a stored baseline and the
 * previous batch, the alert in the batch where the shift starts, and no row twice when Spark runs
 * a batch again after a restart from the checkpoint.
 */
class DriftMonitorTest {

  private static final SparkSession spark = TestSpark.session();
  private static final StructType INPUT = new StructType()
      .add("x", DataTypes.DoubleType).add("c", DataTypes.StringType);

  /**
   * One input file of 2,000 rows: x from N(mean, 1), c "a" or "b" (or "z" for "a" when shifted),
   * dated {@code file} minutes after the epoch so that the source reads the files in order.
   */
  private static void addFile(Path input, int file, double mean, boolean newCategory)
      throws IOException {
    spark.range(0, 2000, 1, 1).select(randn(file).plus(mean).as("x"),
            when(col("id").mod(2).equalTo(0), lit(newCategory ? "z" : "a")).otherwise(lit("b"))
                .as("c"))
        .coalesce(1).write().mode("append").parquet(input.toString());
    try (Stream<Path> files = Files.list(input)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        if (Files.getLastModifiedTime(f).toMillis() > 3_600_000) {
          Files.setLastModifiedTime(f, FileTime.fromMillis(60_000L * (file + 1)));
        }
      }
    }
  }

  private static StreamingQuery run(MLOps mlops, Path input, Path checkpoint) throws Exception {
    Dataset<Row> stream = spark.readStream().schema(INPUT).option("maxFilesPerTrigger", 1)
        .parquet(input.toString());
    StreamingQuery query = mlops.health().monitor(stream, "training", "x", "c")
        .writeStream().queryName("scoring").format("noop")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow()).start();
    query.awaitTermination();
    return query;
  }

  @Test
  void aShiftInTheFourthFileAlertsInThatBatchOnlyAndARerunWritesNothingTwice() throws Exception {
    Path root = TestSpark.newStoreRoot("monitor");
    Path input = root.resolveSibling("input");
    Path checkpoint = root.resolveSibling("checkpoint");
    MLOps mlops = StreamFixture.start(root);
    try {
      for (int file = 0; file < 3; file++) {
        addFile(input, file, 0, false);
      }
      addFile(input, 3, 2, true);
      run(mlops, input, checkpoint);
      StreamFixture.driftRows(mlops, root, 14);

      Dataset<Row> drift = spark.read().format("delta").load(root.resolve("drift").toString());
      Dataset<Row> baseline = drift.where("drift_type = 'BASELINE'");
      assertEquals(List.of(0L, 0L, 1L, 1L, 2L, 2L, 3L, 3L), baseline.orderBy("batch_id")
          .select("batch_id").as(Encoders.LONG()).collectAsList(), "x and c per batch");
      assertEquals(List.of(3L), baseline.where("drifted").select("batch_id").distinct()
          .as(Encoders.LONG()).collectAsList(), "only the shifted batch drifted");
      assertEquals(6, drift.where("drift_type = 'CONSECUTIVE'").count(),
          "batches 1 to 3 against the one before");
      assertEquals(2, drift.where("drift_type = 'CONSECUTIVE' AND drifted").count(),
          "batch 3 against batch 2, both columns");
      Dataset<Row> events = spark.read().format("delta").load(root.resolve("events").toString());
      assertEquals(List.of(3L), events.where("type = 'DATA_ALERT'").select("batch_id")
          .as(Encoders.LONG()).collectAsList(), "one alert, in the batch where the shift starts");
      Dataset<Row> share = spark.read().format("delta").load(root.resolve("stats").toString())
          .where("name = 'health.drift_share'").orderBy("batch_id");
      assertEquals(List.of(0.0, 0.0, 0.0, 1.0), share.select("value").as(Encoders.DOUBLE())
          .collectAsList());

      Files.delete(checkpoint.resolve("commits/3"));
      Files.deleteIfExists(checkpoint.resolve("commits/.3.crc"));
      StreamingQuery again = run(mlops, input, checkpoint);
      // the batch it ran again is not written again: its end is what shows the listener is done
      StreamFixture.events(mlops, root, "streaming query 'scoring' terminated", 2);
      assertEquals(1, Stream.of(again.recentProgress()).filter(p -> p.batchId() == 3).count(),
          "Spark ran batch 3 again");
      assertEquals(14, spark.read().format("delta").load(root.resolve("drift").toString())
          .count(), "no drift row twice");
      assertEquals(1, spark.read().format("delta").load(root.resolve("events").toString())
          .where("type = 'DATA_ALERT'").count(), "no alert twice");
      assertTrue(spark.read().format("mlops").option("store", root.toString())
          .option("table", "drift").load().where("batch_id = 3 AND drifted").count() > 0);
    } finally {
      StreamFixture.stop(mlops);
    }
  }
}
