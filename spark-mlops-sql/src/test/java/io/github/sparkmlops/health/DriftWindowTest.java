package io.github.sparkmlops.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@code monitor} with {@code DriftOptions.window}: drift per 10-minute event-time window, each
 * window compared once it is complete, in the batch that completes it, its rows carrying its
 * bounds; a window's rows are those of its time whichever files bring them, and late rows are
 * dropped.
 */
class DriftWindowTest {

  private static final SparkSession spark = TestSpark.session();
  private static final StructType INPUT = new StructType().add("x", DataTypes.DoubleType)
      .add("c", DataTypes.StringType).add("t", DataTypes.TimestampType);
  /** The start of window 0, a multiple of 10 minutes after the epoch (2023-11-14T22:20Z). */
  private static final long T0 = 1_700_000_400L;
  private static final long WINDOW = 600;

  /**
   * {@code rows} rows from {@code fromSecond} on, 0.3 s apart: x from N(mean, 1), c "a" or "b"
   * (or "z" for "a" when shifted).
   */
  private static Dataset<Row> rows(int seed, int rows, double mean, boolean shifted,
      long fromSecond) {
    return spark.range(0, rows, 1, 1).select(randn(seed).plus(mean).as("x"),
        when(col("id").mod(2).equalTo(0), lit(shifted ? "z" : "a")).otherwise(lit("b")).as("c"),
        timestamp_seconds(col("id").multiply(0.3).plus(fromSecond)).as("t"));
  }

  /** Writes one input file, dated {@code file} minutes after the epoch to order the files. */
  private static void addFile(Path input, int file, Dataset<Row> rows) throws IOException {
    rows.coalesce(1).write().mode("append").parquet(input.toString());
    try (Stream<Path> files = Files.list(input)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        if (Files.getLastModifiedTime(f).toMillis() > 3_600_000) {
          Files.setLastModifiedTime(f, FileTime.fromMillis(60_000L * (file + 1)));
        }
      }
    }
  }

  private static long window(int i) {
    return T0 + i * WINDOW;
  }

  @Test
  void windowsAreComparedOnceCompleteWithTheirOwnRowsAndTheAlertInTheFirstShiftedOne()
      throws Exception {
    Path root = TestSpark.newStoreRoot("window");
    Path input = root.resolveSibling("input");
    MLOps mlops = StreamFixture.start(root);
    try {
      // batch 0: window 0; nothing complete
      addFile(input, 0, rows(0, 2000, 0, false, window(0)));
      // batch 1: window 1 and 300 rows of window 2's first 90 s: windows 0 and 1 complete
      addFile(input, 1, rows(1, 2000, 0, false, window(1))
          .union(rows(11, 300, 0, false, window(2))));
      // batch 2: 1,500 more rows of window 2 (still incomplete), 50 late rows of window 0
      addFile(input, 2, rows(2, 1500, 0, false, window(2) + 90)
          .union(rows(12, 50, 0, false, window(0))));
      // batch 3: window 3, shifted, and 100 rows of window 4: windows 2 and 3 complete; 4 never
      addFile(input, 3, rows(3, 2000, 2, true, window(3))
          .union(rows(13, 100, 0, false, window(4))));

      DriftOptions options = DriftOptions.defaults().columns("x", "c")
          .window("t", "10 minutes", "0 seconds");
      Dataset<Row> stream = spark.readStream().schema(INPUT).option("maxFilesPerTrigger", 1)
          .parquet(input.toString());
      mlops.health().monitor(stream, "training", options)
          .writeStream().queryName("windows").format("noop")
          .option("checkpointLocation", root.resolveSibling("checkpoint").toString())
          .trigger(Trigger.AvailableNow()).start().awaitTermination();
      StreamFixture.driftRows(mlops, root, 14);

      Dataset<Row> drift = spark.read().format("delta").load(root.resolve("drift").toString())
          .withColumn("start", col("window_start").cast("long"))
          .withColumn("end", col("window_end").cast("long"));
      Dataset<Row> baseline = drift.where("drift_type = 'BASELINE'").orderBy("start", "column_name");
      assertEquals(8, baseline.count(), "x and c of windows 0 to 3, each once");
      assertEquals(List.of(window(0), window(1), window(2), window(3)), baseline
          .select("start").distinct().orderBy("start").as(Encoders.LONG()).collectAsList());
      assertEquals(0, drift.where(col("end").minus(col("start")).notEqual(WINDOW)).count(),
          "every window is 10 minutes long");
      assertEquals(List.of(1L, 1L, 3L, 3L), baseline.where("column_name = 'x'")
          .select("batch_id").as(Encoders.LONG()).collectAsList(),
          "each window compared in the batch that completed it");
      // window 2 holds its 300 rows of file 1 and 1,500 of file 2; window 0 none of the late rows
      assertEquals(List.of(2000L, 2000L, 1800L, 2000L), baseline.where("column_name = 'x'")
          .select(col("current_count").cast("long")).as(Encoders.LONG()).collectAsList());
      assertEquals(List.of(window(3)), baseline.where("drifted").select("start").distinct()
          .as(Encoders.LONG()).collectAsList(), "only window 3 drifted");
      Dataset<Row> consecutive = drift.where("drift_type = 'CONSECUTIVE'");
      assertEquals(6, consecutive.count(), "windows 1 to 3 against the one before");
      assertEquals(List.of(window(3)), consecutive.where("drifted").select("start").distinct()
          .as(Encoders.LONG()).collectAsList());
      assertEquals(List.of("previous window"), consecutive.select("baseline").distinct()
          .as(Encoders.STRING()).collectAsList());

      StreamFixture.events(mlops, root, "streaming query 'windows' terminated", 1);
      assertEquals(List.of(3L), spark.read().format("delta").load(root.resolve("events")
          .toString()).where("type = 'DATA_ALERT'").select("batch_id").as(Encoders.LONG())
          .collectAsList(), "one alert, in the batch that compared the first shifted window");
      Dataset<Row> share = spark.read().format("delta").load(root.resolve("stats").toString())
          .where("name = 'health.drift_share'").orderBy("batch_id");
      assertEquals(List.of(1L, 3L), share.select("batch_id").as(Encoders.LONG()).collectAsList(),
          "a share in each batch that completed a window, none in the others");
      assertEquals(List.of(0.0, 1.0), share.select("value").as(Encoders.DOUBLE())
          .collectAsList(), "the share of the last window each batch completed");
      assertTrue(spark.read().format("mlops").option("store", root.toString())
          .option("table", "drift").load().where("window_start IS NOT NULL").count() == 14);
    } finally {
      StreamFixture.stop(mlops);
    }
  }

  @Test
  void aWindowNeedsATimestampColumnAndIntervalsOfFixedPositiveLength() throws Exception {
    Path root = TestSpark.newStoreRoot("window-bad");
    MLOps mlops = StreamFixture.start(root);
    try {
      Dataset<Row> stream = spark.readStream().format("rate").load(); // timestamp, value
      IllegalArgumentException notTime = assertThrows(IllegalArgumentException.class,
          () -> mlops.health().monitor(stream, "training",
              DriftOptions.defaults().window("value", "10 minutes", "0 seconds")));
      assertTrue(notTime.getMessage().contains("'value' must be a timestamp, got bigint"),
          notTime.getMessage());
      IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
          () -> mlops.health().monitor(stream, "training",
              DriftOptions.defaults().window("ts", "10 minutes", "0 seconds")));
      assertTrue(absent.getMessage().contains("'ts' is not a column"), absent.getMessage());
      for (String bad : List.of("ten minutes", "0 seconds", "-5 minutes", "1 month")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DriftOptions.defaults().window("t", bad, "0 seconds"));
        assertTrue(e.getMessage().startsWith("windowDuration must"), e.getMessage());
      }
      IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
          () -> DriftOptions.defaults().window("t", "1 hour", "-1 second"));
      assertTrue(delay.getMessage().startsWith("delay must be zero or more"), delay.getMessage());
      assertEquals(Duration.ofMinutes(90), DriftOptions.defaults()
          .window("t", "1 hour 30 minutes", "0 seconds").windowDuration().orElseThrow());
    } finally {
      StreamFixture.stop(mlops);
    }
  }
}
