package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.aggregate.MLOpsFunctions;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Structured Streaming queries reported by the listener MLOps.init installs: per-batch progress
 * and observed profiles, with the query's ids, written once per batch, read back with delta-spark.
 */
class StreamReportTest {

  private static final StructType INPUT = new StructType()
      .add("x", DataTypes.DoubleType)
      .add("label", DataTypes.StringType);
  private static final int ROWS_PER_FILE = 100;

  private final SparkSession spark = TestSpark.session();
  private Path root;
  private Path input;
  private Path checkpoint;
  private Path output;

  @BeforeEach
  void listenerOn() throws Exception {
    root = TestSpark.newStoreRoot("stream report");
    Path work = root.getParent();
    input = Files.createDirectories(work.resolve("input"));
    checkpoint = work.resolve("checkpoint");
    output = work.resolve("output");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "true");
  }

  @AfterEach
  void listenerOff() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "false");
  }

  /** Adds one input file of 100 rows; x runs from {@code file * 100} up. */
  private void addFile(int file) {
    spark.range(ROWS_PER_FILE).selectExpr("CAST(id + " + file * ROWS_PER_FILE + " AS DOUBLE) AS x",
            "CASE WHEN id % 4 = 0 THEN 'a' ELSE 'b' END AS label")
        .coalesce(1).write().mode("append").parquet(input.toString());
  }

  /** Runs the scoring query over what the input holds now, one file per batch, to the end. */
  private StreamingQuery runScoring(MLOps mlops) throws Exception {
    Dataset<Row> scored = spark.readStream().schema(INPUT).option("maxFilesPerTrigger", 1)
        .parquet(input.toString())
        .withColumn("prediction", functions.expr("x * 2"));
    Dataset<Row> observed = mlops.observe(scored, "predictions", "prediction", "label")
        .observe("counts", functions.count(functions.lit(1)).as("rows"),
            MLOpsFunctions.histogram(functions.col("x")).as("x"));
    StreamingQuery query = observed.writeStream().queryName("scoring")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .format("parquet").start(output.toString());
    query.awaitTermination();
    return query;
  }

  private Dataset<Row> stats() {
    return spark.read().format("delta").load(root.resolve("stats").toString());
  }

  private Dataset<Row> events() {
    return spark.read().format("delta").load(root.resolve("events").toString());
  }

  private List<Long> batchIds(String stat) {
    return stats().where("name = '" + stat + "'").orderBy("batch_id")
        .select("batch_id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  @Test
  void everyBatchIsReportedWithItsProgressAndObservedProfiles() throws Exception {
    for (int file = 0; file < 3; file++) {
      addFile(file);
    }
    MLOps mlops = MLOps.init(spark);
    StreamingQuery query = runScoring(mlops);
    mlops.done();

    assertEquals(List.of(0L, 1L, 2L), batchIds("spark.stream.input_rows"));
    Dataset<Row> inputRows = stats().where("name = 'spark.stream.input_rows'");
    assertEquals(3, inputRows.where("value = " + ROWS_PER_FILE + " AND query_name = 'scoring' AND "
        + "query_id = '" + query.id() + "' AND query_run_id = '" + query.runId() + "' AND "
        + "category = 'TIME_SERIES'").count(), "each batch read one file, with the query's ids");
    assertEquals(3, stats().where("name = 'spark.stream.source.0.input_rows'").count());
    assertEquals(3, stats().where("name = 'spark.stream.duration_ms.addBatch'").count());
    assertEquals(3, stats().where("name = 'spark.stream.sources' AND type = 'TABLE'").count());

    // the observed profile: as setDataDistributionStat stores one, per batch
    assertEquals(List.of(0L, 1L, 2L), batchIds("predictions.rows"));
    assertEquals(3, stats().where("name = 'predictions.rows' AND value = 100").count());
    assertEquals(3, stats().where("name = 'predictions' AND type = 'TABLE'").count());
    List<Row> predictionHistograms = stats().where("name = 'predictions.prediction'")
        .orderBy("batch_id").collectAsList();
    assertEquals(3, predictionHistograms.size());
    for (Row h : predictionHistograms) {
      Row histogram = h.getStruct(h.fieldIndex("histogram"));
      List<Double> counts = histogram.getList(histogram.fieldIndex("counts"));
      assertEquals(100.0, counts.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
      List<Double> edges = histogram.getList(histogram.fieldIndex("edges"));
      long batch = h.getLong(h.fieldIndex("batch_id"));
      assertTrue(edges.get(0) >= batch * 200 && edges.get(edges.size() - 1) <= batch * 200 + 200,
          "batch " + batch + " predicted 2x of its file's x: " + edges);
    }
    assertEquals(3, stats().where("name = 'predictions.label' AND type = 'HISTOGRAM' "
        + "AND histogram.kind = 'CATEGORICAL'").count());

    // plain observed metrics and the library's aggregates next to them
    assertEquals(3, stats().where("name = 'counts.rows' AND value = 100").count());
    assertEquals(List.of(0L, 1L, 2L), batchIds("counts.x"));

    List<String> titles = events().where("query_id = '" + query.id() + "'").orderBy("time")
        .select("title").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("streaming query 'scoring' started",
        "streaming query 'scoring' terminated"), titles);
  }

  /**
   * A query restarted from its checkpoint goes on with the next batch ids; a batch Spark runs again
   * (here: its commit removed from the checkpoint, as when the driver dies before writing it) is
   * recorded once, though the new run reports it again.
   */
  @Test
  void aRestartedQueryNeitherLosesNorRepeatsABatch() throws Exception {
    addFile(0);
    addFile(1);
    MLOps mlops = MLOps.init(spark);
    runScoring(mlops);
    mlops.flush();
    assertEquals(List.of(0L, 1L), batchIds("spark.stream.input_rows"));

    addFile(2);
    Files.delete(checkpoint.resolve("commits/1"));
    Files.deleteIfExists(checkpoint.resolve("commits/.1.crc"));
    StreamingQuery again = runScoring(mlops);
    mlops.done();

    long rerunBatches = Stream.of(again.recentProgress()).filter(p -> p.batchId() == 1).count();
    assertEquals(1, rerunBatches, "Spark ran batch 1 again in the second run");
    assertEquals(List.of(0L, 1L, 2L), batchIds("spark.stream.input_rows"),
        "batch 1 is recorded once; batch 2 is added");
    assertEquals(List.of(0L, 1L, 2L), batchIds("predictions.rows"));
    assertEquals(1, stats().where("name = 'spark.stream.input_rows' AND batch_id = 1 AND "
        + "query_run_id <> '" + again.runId() + "'").count(), "the first run's record stands");
  }

  /**
   * Two queries observe profiles of different columns under one name: each batch's profile is
   * stored with its own query's column names. Both are defined before either runs, so a registry
   * of names by observation (last registration wins) would label the first query's profile with
   * the second's columns, which are as many and of the same kinds.
   */
  @Test
  void profilesObservedUnderOneNameKeepTheirOwnColumns() throws Exception {
    addFile(0);
    Path otherInput = root.getParent().resolve("other input");
    spark.range(50).selectExpr("CAST(id AS DOUBLE) AS amount", "IF(id < 10, 'x', 'y') AS kind")
        .coalesce(1).write().parquet(otherInput.toString());
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> scored = mlops.observe(
        spark.readStream().schema(INPUT).parquet(input.toString()), "profile", "x", "label");
    Dataset<Row> payments = mlops.observe(spark.readStream()
        .schema(new StructType().add("amount", DataTypes.DoubleType)
            .add("kind", DataTypes.StringType))
        .parquet(otherInput.toString()), "profile", "amount", "kind");
    for (Map.Entry<String, Dataset<Row>> query : Map.of("scored", scored, "payments", payments)
        .entrySet()) {
      query.getValue().writeStream().queryName(query.getKey())
          .option("checkpointLocation", checkpoint.resolve(query.getKey()).toString())
          .trigger(Trigger.AvailableNow()).format("noop").start().awaitTermination();
    }
    mlops.done();

    // with the sketches that make a stored profile a drift baseline
    assertEquals(Set.of("profile", "profile.rows", "profile.x", "profile.label", "profile#sketch"),
        profileStatNames("scored"));
    assertEquals(Set.of("profile", "profile.rows", "profile.amount", "profile.kind",
        "profile#sketch"), profileStatNames("payments"));
    Row table = stats().where("name = 'profile' AND query_name = 'scored'").first();
    Row cells = table.getStruct(table.fieldIndex("table"));
    assertEquals(List.of("x", "label"), cells.getList(cells.fieldIndex("row_names")),
        "the profile table's row names");
    assertEquals(List.of("x", "y"), stats()
        .where("name = 'profile.kind' AND query_name = 'payments'")
        .selectExpr("explode(histogram.labels)").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().filter(l -> !l.startsWith("__")).sorted().toList());
  }

  private Set<String> profileStatNames(String queryName) {
    return Set.copyOf(stats().where("query_name = '" + queryName + "' AND name LIKE 'profile%'")
        .select("name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /** A stateful query with a watermark: its state and watermark stats, batch by batch. */
  @Test
  void aStatefulQueryReportsItsStateAndWatermarkLag() throws Exception {
    for (int hour = 0; hour < 2; hour++) {
      spark.range(100).selectExpr("TIMESTAMP'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, "
              + hour + ", 0, id) AS ts", "CAST(id AS DOUBLE) AS x")
          .coalesce(1).write().mode("append").parquet(input.toString());
    }
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> windows = spark.readStream()
        .schema(new StructType().add("ts", DataTypes.TimestampType).add("x", DataTypes.DoubleType))
        .option("maxFilesPerTrigger", 1).parquet(input.toString())
        .withWatermark("ts", "10 minutes")
        .groupBy(functions.window(functions.col("ts"), "5 minutes")).count();
    StreamingQuery query = windows.writeStream().queryName("windows").outputMode("append")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow()).format("noop").start();
    query.awaitTermination();
    mlops.done();

    assertTrue(batchIds("spark.stream.state.rows_total").containsAll(List.of(0L, 1L)),
        "state stats for both batches: " + batchIds("spark.stream.state.rows_total"));
    assertEquals(2, stats().where("name = 'spark.stream.state.operators' AND value = 1 "
        + "AND batch_id IN (0, 1)").count());
    // batch 1 runs with the watermark batch 0 set: 00:01:39 - 10 min; its newest event 01:01:39
    Row lag = stats().where("name = 'spark.stream.watermark_lag_ms' AND batch_id = 1").first();
    assertEquals(3_600_000.0 + 600_000.0, lag.getDouble(lag.fieldIndex("value")), 1.0);
    Row watermark = stats().where("name = 'spark.stream.watermark_ms' AND batch_id = 1").first();
    assertEquals(java.time.Instant.parse("2025-12-31T23:51:39Z").toEpochMilli(),
        watermark.getDouble(watermark.fieldIndex("value")), 1.0);
  }

  @Test
  void aFailingQueryRaisesASystemAlertWithTheException() throws Exception {
    addFile(0);
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> failing = spark.readStream().schema(INPUT).parquet(input.toString())
        .selectExpr("raise_error(concat('boom at ', CAST(x AS STRING))) AS never");
    StreamingQuery query = failing.writeStream().queryName("failing")
        .option("checkpointLocation", checkpoint.toString())
        .format("noop").start();
    assertThrows(org.apache.spark.sql.streaming.StreamingQueryException.class,
        query::awaitTermination);
    mlops.done();

    List<Row> alerts = events().where("type = 'SYSTEM_ALERT' AND query_id = '" + query.id() + "'")
        .collectAsList();
    assertEquals(1, alerts.size(), "one alert for the query (the failed job's own come apart)");
    Row alert = alerts.get(0);
    assertEquals("streaming query 'failing' failed", alert.getString(alert.fieldIndex("title")));
    assertEquals("ERROR", alert.getString(alert.fieldIndex("severity")));
    assertTrue(alert.getString(alert.fieldIndex("message")).contains("boom at 0.0"),
        alert.getString(alert.fieldIndex("message")));
  }

  @Test
  void observeRefusesABatchDatasetAndUnknownColumns() {
    MLOps mlops = MLOps.init(spark);
    try {
      IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
          () -> mlops.observe(spark.range(3).toDF(), "x"));
      assertTrue(batch.getMessage().contains("setDataDistributionStat"), batch.getMessage());
      Dataset<Row> stream = spark.readStream().format("rate").load();
      IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
          () -> mlops.observe(stream, "rate", "nope"));
      assertTrue(column.getMessage().contains("timestamp, value"), column.getMessage());
      assertFalse(mlops.observe(stream, "rate").columns().length == 0);
    } finally {
      mlops.done();
    }
  }
}
