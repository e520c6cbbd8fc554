package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MLlibVectors;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.VectorValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every value type reported through the facade, flushed, and read back by delta-spark. */
class MLOpsStoreTest {

  private final SparkSession spark = TestSpark.session();
  private Path root;

  @BeforeEach
  void useFreshStore() {
    root = TestSpark.newStoreRoot("store");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MLAPP, "churn");
    spark.conf().set(MLOpsConfig.NODE, "training");
  }

  @AfterEach
  void finish() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.MLAPP);
    spark.conf().unset(MLOpsConfig.NODE);
  }

  private Dataset<Row> stats() {
    return spark.read().format("delta").load(root.resolve("stats").toString());
  }

  private Row stat(String name) {
    List<Row> rows = stats().where("name = '" + name + "'").collectAsList();
    assertEquals(1, rows.size(), "one row for " + name);
    return rows.get(0);
  }

  @Test
  void everyValueTypeRoundTripsThroughDeltaSpark() {
    Instant past = Instant.parse("2026-01-15T08:30:00.123456Z");
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("rows", 42)
        .setStat("nan", Double.NaN, StatCategory.CONFIG)
        .setStat("inf", Double.NEGATIVE_INFINITY)
        .setStat("model.type", "gbt", StatCategory.CONFIG)
        .setStat("weights", MLlibVectors.of(Vectors.dense(0.5, -1.5)), StatCategory.TIME_SERIES)
        .setStat("probs", VectorValue.labelled(new double[] {0.2, 0.8}, List.of("no", "yes")))
        .setStat("age", Histogram.continuous(
            new double[] {Double.NEGATIVE_INFINITY, 18, 65, Double.POSITIVE_INFINITY},
            new double[] {3, 10, 2}), StatCategory.CONFIG)
        .setStat("colour", Histogram.categorical(List.of("red", "blue"), new double[] {0.25, 0.75}))
        .setStat("confusion", Table.builder("predicted yes", "predicted no", "ok")
            .namedRow("actual yes", 40, 10, true)
            .namedRow("actual no", null, 45, false)
            .build())
        .setStat("precision", MultiLineGraph.of(List.of("cat", "dog"), new double[] {0.9, 0.7}))
        .setStat("params", OpaqueValue.ofJson("{\"depth\":5,\"eta\":0.1}"), StatCategory.CONFIG)
        .setKpi("revenue", 1250.5, past);
    mlops.event(Event.builder(EventType.MODEL_ACCEPTED, "model v3 accepted")
        .severity(Severity.INFO).detailsJson("{\"version\":3}").build());
    mlops.dataAlert("null ages", "12% of rows have no age");

    FlushReport report = mlops.flush();
    assertTrue(report.complete(), report.toString());
    assertEquals(14, report.written());

    assertEquals(12, stats().count());
    assertEquals(42.0, stat("rows").getAs("value"));
    assertTrue(Double.isNaN(stat("nan").getAs("value")));
    assertEquals("CONFIG", stat("nan").getAs("category"));
    assertEquals(Double.NEGATIVE_INFINITY, stat("inf").getAs("value"));
    assertEquals("gbt", stat("model.type").getAs("text"));
    assertEquals("STRING", stat("model.type").getAs("type"));

    Row weights = stat("weights").getStruct(stat("weights").fieldIndex("vector"));
    assertEquals(List.of(0.5, -1.5), weights.getList(0));
    assertEquals(List.of(), weights.getList(1));
    Row probs = stat("probs").getAs("vector");
    assertEquals(List.of("no", "yes"), probs.getList(1));

    Row age = stat("age").getAs("histogram");
    assertEquals("CONTINUOUS", age.getAs("kind"));
    assertEquals(List.of(Double.NEGATIVE_INFINITY, 18.0, 65.0, Double.POSITIVE_INFINITY),
        age.getList(age.fieldIndex("edges")));
    assertEquals(List.of(3.0, 10.0, 2.0), age.getList(age.fieldIndex("counts")));
    Row colour = stat("colour").getAs("histogram");
    assertEquals("CATEGORICAL", colour.getAs("kind"));
    assertEquals(List.of("red", "blue"), colour.getList(colour.fieldIndex("labels")));

    Row table = stat("confusion").getAs("table");
    assertEquals(List.of("NUMBER", "NUMBER", "BOOLEAN"), table.getList(table.fieldIndex("column_types")));
    assertEquals(List.of("actual yes", "actual no"), table.getList(table.fieldIndex("row_names")));
    List<scala.collection.Seq<Row>> cells = table.getList(table.fieldIndex("rows"));
    assertEquals(40.0, cells.get(0).apply(0).getAs("number"));
    assertEquals(true, cells.get(0).apply(2).getAs("flag"));
    assertNull(cells.get(1).apply(0), "a null cell stays null");

    Row graph = stat("precision").getAs("graph");
    assertEquals(List.of("cat", "dog"), graph.getList(0));
    assertEquals(List.of(0.9, 0.7), graph.getList(1));
    assertEquals("MULTI_LINE_GRAPH", stat("precision").getAs("type"));
    assertEquals("{\"depth\":5,\"eta\":0.1}", stat("params").getAs("json"));

    Row kpi = stat("revenue");
    assertEquals("KPI", kpi.getAs("type"));
    assertEquals(1250.5, kpi.getAs("value"));
    assertEquals(Timestamp.from(past), kpi.getAs("time"), "microsecond timestamps survive");
    assertEquals(java.sql.Date.valueOf("2026-01-15"), kpi.getAs("date"), "partitioned by UTC date");

    Row rows = stat("rows");
    assertEquals("churn", rows.getAs("mlapp"));
    assertEquals("spark-mlops-tests", rows.getAs("pipeline"), "defaults to the app name");
    assertEquals("training", rows.getAs("node"));
    assertEquals(spark.sparkContext().applicationId(), rows.getAs("run_id"));
    assertEquals(mlops.context().host(), rows.getAs("host"));
    assertFalse(((String) rows.getAs("writer_id")).isEmpty());

    Dataset<Row> events = spark.read().format("delta").load(root.resolve("events").toString());
    Map<String, Row> byTitle = events.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("title"), r -> r));
    assertEquals(2, byTitle.size());
    Row accepted = byTitle.get("model v3 accepted");
    assertEquals("MODEL_ACCEPTED", accepted.getAs("type"));
    assertEquals(false, accepted.getAs("is_alert"));
    assertEquals("{\"version\":3}", accepted.getAs("details"));
    Row alert = byTitle.get("null ages");
    assertEquals("DATA_ALERT", alert.getAs("type"));
    assertEquals("WARNING", alert.getAs("severity"));
    assertEquals(true, alert.getAs("is_alert"));
    assertEquals("12% of rows have no age", alert.getAs("message"));
  }

  @Test
  void aFlushIsOneCommitOfSnappyParquetPartitionedByDate() throws IOException {
    MLOps mlops = MLOps.init(spark);
    for (int i = 0; i < 1000; i++) {
      mlops.setStat("loss", 1.0 / (i + 1));
    }
    mlops.setKpi("backfill", 1, Instant.parse("2025-12-31T23:59:59Z"));
    assertTrue(mlops.flush().complete());
    mlops.setStat("after", 1);
    assertTrue(mlops.flush().complete());

    List<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + root.resolve("stats") + "`")
        .orderBy("version").collectAsList();
    assertEquals(List.of("CREATE TABLE", "WRITE", "WRITE"),
        history.stream().map(r -> r.<String>getAs("operation")).toList());
    assertTrue(history.get(1).<String>getAs("engineInfo").contains("spark-mlops"));
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + root.resolve("stats") + "`").first();
    assertEquals(List.of("date"), detail.getList(detail.fieldIndex("partitionColumns")));
    // The first commit holds two dates: one file for each.
    assertEquals(3L, detail.<Long>getAs("numFiles"));
    try (Stream<Path> files = Files.walk(root.resolve("stats"))) {
      List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")
          && !p.toString().contains("_delta_log")).toList();
      assertEquals(3, parquet.size());
      for (Path file : parquet) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
          assertEquals(CompressionCodecName.SNAPPY,
              reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec());
        }
      }
    }
  }

  @Test
  void badInputIsRejectedAndNothingOfItIsStored() {
    MLOps mlops = MLOps.init(spark);
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat(null, 1));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("", 1));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("x".repeat(257), 1));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("tab\there", 1));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("n", (String) null, StatCategory.CONFIG));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("n", 1, null));
    assertThrows(IllegalArgumentException.class, () -> mlops.setKpi("k", 1, null));
    for (Instant outOfRange : List.of(Instant.MAX, Instant.MIN, Instant.parse("+10000-01-01T00:00:00Z"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> mlops.setKpi("k", 1, outOfRange));
      assertTrue(e.getMessage().startsWith("time must be between 0001-01-01T00:00:00Z and "),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("\uD800x", 1));
    assertThrows(IllegalArgumentException.class, () -> mlops.setStat("\u200B", 1));
    mlops.setStat("good", 1);
    FlushReport report = mlops.flush();
    assertEquals(1, report.written());
    assertEquals(1, stats().count());
  }

  @Test
  void configurationIsValidatedAndCanDisableEverything() {
    spark.conf().set(MLOpsConfig.BUFFER_CAPACITY, "lots");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MLOps.init(spark));
      assertTrue(e.getMessage().contains("spark.mlops.buffer.capacity must be a positive integer"));
    } finally {
      spark.conf().unset(MLOpsConfig.BUFFER_CAPACITY);
    }
    spark.conf().set(MLOpsConfig.ENABLED, "false");
    try {
      MLOps mlops = MLOps.init(spark);
      mlops.setStat("ignored", 1);
      assertThrows(IllegalArgumentException.class, () -> mlops.setStat("", 1), "still validates");
      assertEquals(0, mlops.done().written());
      assertFalse(Files.exists(root), "nothing written when disabled");
    } finally {
      spark.conf().unset(MLOpsConfig.ENABLED);
    }
  }

  @Test
  void initReturnsTheActiveInstanceAndDoneEndsIt() {
    MLOps first = MLOps.init(spark);
    assertTrue(first == MLOps.init(spark));
    assertTrue(first == MLOps.get());
    first.setStat("x", 1);
    FlushReport report = first.done();
    assertEquals(1, report.written());
    assertTrue(report == first.done(), "done is idempotent");
    assertThrows(IllegalStateException.class, MLOps::get);
    assertThrows(IllegalStateException.class, () -> first.setStat("y", 1));
    MLOps second = MLOps.init(spark);
    assertFalse(first == second);
    assertFalse(first.context().runId().isEmpty());
  }
}
