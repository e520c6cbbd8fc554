package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.sql.internal.read.MLOpsScan;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MLlibVectors;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.VectorValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The mlops data source and catalog against delta-spark reading the same tables. */
class MLOpsSourceTest {

  private static final Instant DAY1 = Instant.parse("2026-01-01T10:00:00Z");
  private static final SparkSession spark = TestSpark.session();
  private static Path history;
  private static Path types;
  private static MLOps typesWriter;

  /** 2 apps x 3 days x 2 names x 5 KPIs, one commit (one file) per app and day. */
  @BeforeAll
  static void writeStores() {
    history = TestSpark.newStoreRoot("history");
    spark.conf().set(MLOpsConfig.STORE, history.toString());
    for (String app : List.of("app1", "app2")) {
      spark.conf().set(MLOpsConfig.MLAPP, app);
      MLOps mlops = MLOps.init(spark);
      for (int day = 0; day < 3; day++) {
        for (String name : List.of("loss", "acc")) {
          for (int i = 0; i < 5; i++) {
            mlops.setKpi(name, day * 10 + i, DAY1.plus(Duration.ofDays(day)).plusSeconds(i));
          }
        }
        assertTrue(mlops.flush().complete());
      }
      mlops.done();
    }
    types = TestSpark.newStoreRoot("types");
    spark.conf().set(MLOpsConfig.STORE, types.toString());
    spark.conf().set(MLOpsConfig.MLAPP, "types");
    typesWriter = MLOps.init(spark);
    typesWriter.setStat("n", 1.5)
        .setStat("nan", Double.NaN)
        .setStat("s", "text", StatCategory.CONFIG)
        .setStat("v", MLlibVectors.of(Vectors.dense(1, 2)))
        .setStat("vl", VectorValue.labelled(new double[] {0.5}, List.of("p")))
        .setStat("h", Histogram.continuous(new double[] {Double.NEGATIVE_INFINITY, 0, 1}, new double[] {1, 2}))
        .setStat("c", Histogram.categorical(List.of("x", "y"), new double[] {3, 4}))
        .setStat("t", Table.builder("a", "b").namedRow("r1", 1, "one").namedRow("r2", null, "two").build())
        .setStat("g", MultiLineGraph.of(List.of("cat", "dog"), new double[] {0.9, 0.8}))
        .setStat("g", MultiLineGraph.of(List.of("cat", "dog"), new double[] {0.7, 0.6}))
        .setStat("o", OpaqueValue.ofJson("{\"k\":[1,2]}"))
        .setStat("cfg", "first", StatCategory.CONFIG)
        .setStat("cfg", "second", StatCategory.CONFIG);
    typesWriter.dataAlert("alert", "message");
    assertTrue(typesWriter.done().complete());
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.MLAPP);
  }

  @AfterAll
  static void forget() {
    spark.conf().unset("spark.sql.catalog.mlops");
    spark.conf().unset("spark.sql.catalog.mlops.store");
  }

  private static Dataset<Row> mlops(Path root, String table) {
    return spark.read().format("mlops").option("store", root.toString()).option("table", table).load();
  }

  private static Dataset<Row> delta(Path root, String table) {
    return spark.read().format("delta").load(root.resolve(table).toString());
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.count(), actual.count());
    assertEquals(0, expected.exceptAll(actual).count(), "rows only delta-spark returned");
    assertEquals(0, actual.exceptAll(expected).count(), "rows only the mlops source returned");
  }

  private static MLOpsScan scanOf(Dataset<Row> df) {
    SparkPlan plan = df.queryExecution().executedPlan();
    return CollectionConverters.asJava(plan.collectLeaves()).stream()
        .filter(p -> p instanceof BatchScanExec)
        .map(p -> (MLOpsScan) ((BatchScanExec) p).scan())
        .findFirst().orElseThrow();
  }

  @Test
  void everyValueTypeReadsBackExactlyAsDeltaSparkReadsIt() {
    assertEquals(delta(types, "stats").schema(), mlops(types, "stats").schema());
    assertSameRows(delta(types, "stats"), mlops(types, "stats"));
    assertSameRows(delta(types, "events"), mlops(types, "events"));
    assertSameRows(delta(history, "stats"), mlops(history, "stats"));
    Row h = mlops(types, "stats").where("name = 'h'").select("histogram.edges").first();
    assertEquals(List.of(Double.NEGATIVE_INFINITY, 0.0, 1.0), h.getList(0));
    assertTrue(Double.isNaN(mlops(types, "stats").where("name = 'nan'").first().<Double>getAs("value")));
  }

  @Test
  void filtersPruneFilesAndGiveDeltaSparksAnswers() {
    String[] filters = {
        "name = 'loss' AND mlapp = 'app1' AND date = DATE'2026-01-02'",
        "time >= TIMESTAMP'2026-01-03 00:00:00' AND name IN ('acc')",
        "mlapp <> 'app1' AND (name = 'loss' OR time < TIMESTAMP'2026-01-01 10:00:02')",
        "run_id IS NOT NULL AND category = 'TIME_SERIES' AND type = 'KPI' AND value > 11",
        "NOT (date = DATE'2026-01-01') AND seq >= 3",
    };
    for (String filter : filters) {
      assertSameRows(delta(history, "stats").where(filter), mlops(history, "stats").where(filter));
    }
    assertEquals(6, scanOf(mlops(history, "stats")).plan().files().size());
    assertEquals(1, scanOf(mlops(history, "stats").where(filters[0])).plan().files().size(),
        "partition pruning and file skipping leave one file of six");
    assertEquals(2, scanOf(mlops(history, "stats").where(filters[1])).plan().files().size());
    assertEquals(6, scanOf(mlops(history, "stats").where("value > 11")).plan().files().size(),
        "doubles are not pushed");
    assertEquals(0, mlops(history, "stats").where("name = 'nothing'").count());
    Dataset<Row> loss = mlops(history, "stats").where(filters[0]);
    assertEquals(scanOf(loss).toBatch(), scanOf(mlops(history, "stats").where(filters[0])).toBatch(),
        "the same read twice is the same batch, so Spark may reuse it");
    assertTrue(!scanOf(loss).toBatch().equals(scanOf(mlops(history, "stats").where(filters[1])).toBatch()));
  }

  @Test
  void explainShowsThePushedFiltersAndAColumnarScan() {
    Dataset<Row> df = mlops(history, "stats").where("name = 'loss' AND date = DATE'2026-01-02'")
        .select("time", "value");
    String plan = df.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("MLOpsScan[stats"), plan);
    assertTrue(plan.contains("column(`name`) = loss"), plan);
    assertTrue(plan.contains("ColumnarToRow"), plan);
    assertEquals(10, df.count(), "two apps, five each");
    assertEquals(List.of("time", "value"), List.of(df.schema().fieldNames()));
  }

  @Test
  void largeHistoriesAreReadInParallelPartitions() {
    Dataset<Row> df = mlops(history, "stats");
    assertEquals(spark.sparkContext().defaultParallelism(), df.rdd().getNumPartitions());
    assertEquals(60, df.count());
  }

  @Test
  void convenienceOptionsAreExactFilters() {
    Dataset<Row> df = spark.read().format("mlops").option("store", history.toString())
        .option("name", "acc").option("mlapp", "app2")
        .option("start", "2026-01-02").option("end", "2026-01-03T10:00:03Z").load();
    assertSameRows(delta(history, "stats").where("name = 'acc' AND mlapp = 'app2' "
        + "AND time >= TIMESTAMP'2026-01-02 00:00:00' AND time < TIMESTAMP'2026-01-03 10:00:03'"), df);
    assertEquals(8, df.count());
    assertEquals(1, spark.read().format("mlops").option("store", types.toString())
        .option("table", "events").option("name", "alert").load().count(), "name matches event titles");
  }

  @Test
  void latestKeepsTheNewestRowPerNameAndContext() {
    Dataset<Row> latest = spark.read().format("mlops").option("store", types.toString())
        .option("latest", "true").load();
    assertEquals(11, latest.count(), "one row per distinct name");
    assertEquals("second", latest.where("name = 'cfg'").first().getAs("text"));
    Dataset<Row> perApp = spark.read().format("mlops").option("store", history.toString())
        .option("latest", "true").option("name", "loss").load();
    assertEquals(2, perApp.count());
    assertEquals(List.of(24.0, 24.0), perApp.select("value").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList());
    assertEquals(0, perApp.where("time < TIMESTAMP'2026-01-02 00:00:00'").count(),
        "a WHERE filters the latest rows; it does not pick older rows as the latest");
    assertEquals(2, perApp.where("mlapp IN ('app1', 'app2')").count());
  }

  @Test
  void timeTravelReadsOlderVersions() {
    Dataset<Row> v1 = spark.read().format("mlops").option("store", history.toString())
        .option("versionAsOf", "1").load();
    assertEquals(10, v1.count(), "version 1 is the first flush");
    assertSameRows(spark.read().format("delta").option("versionAsOf", "3")
        .load(history.resolve("stats").toString()), spark.read().format("mlops")
        .option("store", history.toString()).option("versionAsOf", 3).load());
    String at = spark.sql("DESCRIBE HISTORY delta.`" + history.resolve("stats") + "`")
        .where("version = 2").first().getAs("timestamp").toString();
    assertEquals(20, spark.read().format("mlops").option("store", history.toString())
        .option("timestampAsOf", at).load().count());
  }

  @Test
  void badOptionsAreRejectedByName() {
    assertRejected("Unknown option 'tabel'", () -> mlopsWith("tabel", "stats").count());
    assertRejected("Option 'table' must be one of [stats, events, model_versions, model_history, drift, reports, lineage] "
        + "or the views [models, runs], got 'modles'", () -> mlopsWith("table", "modles").count());
    assertRejected("Option 'name' does not apply to the view 'models', which takes only store, "
        + "table and lineage; filter it with where()", () -> spark.read().format("mlops")
            .option("table", "models").option("name", "x").load().count());
    assertRejected("Option 'lineage' must be true or false", () -> spark.read().format("mlops")
        .option("table", "models").option("lineage", "x").load().count());
    assertRejected("Option 'start' must be an ISO-8601 time", () -> mlopsWith("start", "yesterday").count());
    assertRejected("Option 'versionAsOf' must be a table version", () -> mlopsWith("versionAsOf", "-1").count());
    assertRejected("Option 'versionAsOf' names no version", () -> mlopsWith("versionAsOf", "99").count());
    assertRejected("Option 'latest' must be true or false", () -> mlopsWith("latest", "yes").count());
  }

  /** Beyond the facade's range a time has no Delta timestamp: its microseconds overflow. */
  @Test
  void timesOutsideTheStoresRangeAreRejectedByOption() {
    String far = "+1000000000-01-01T00:00:00Z";
    for (String option : List.of("start", "end", "timestampAsOf")) {
      assertRejected("Option '" + option + "' must be between 0001-01-01T00:00:00Z and "
          + "9999-12-31T23:59:59.999999999Z (years 0001 to 9999 UTC), got " + far,
          () -> mlopsWith(option, far).count());
    }
    assertRejected("Option 'startingTimestamp' must be between", () -> spark.readStream()
        .format("mlops").option("store", history.toString()).option("startingTimestamp", far).load());
    useCatalog();
    assertRejected("(5000-01-01T00:00:00Z) is after the latest available version",
        () -> spark.sql("SELECT * FROM mlops.stats TIMESTAMP AS OF '5000-01-01'").count());
  }

  /** {@code option("store", A).load(B)} read A without a word: which store is read is no guess. */
  @Test
  void twoStoresInOneReadAreAnErrorNamingBoth() {
    assertRejected("The read names two stores, '" + history + "' (option store) and '" + types
        + "' (the load() path)", () -> spark.read().format("mlops")
            .option("store", history.toString()).load(types.toString()).count());
    assertEquals(60, spark.read().format("mlops").option("store", history + "/")
        .load(history.toString()).count(), "the same store twice");
    assertRejected("The read names two stores", () -> spark.read().format("mlops")
        .option("table", "models").option("store", history.toString()).load(types.toString()));
    assertRejected("The read names two stores", () -> spark.readStream().format("mlops")
        .option("store", history.toString()).load(types.toString()));

    useCatalog();
    assertRejected("The read names two stores, '" + history + "' (the table's option store) and '"
        + types + "' (the read's option store)",
        () -> spark.read().option("store", types.toString()).table("mlops.stats").count());
    assertRejected("The read names two stores", () -> spark.read().option("path", types.toString())
        .table("mlops.models").count());
    StreamingQueryException stream = assertThrows(StreamingQueryException.class, () -> spark
        .readStream().option("store", types.toString()).table("mlops.events")
        .writeStream().format("memory").queryName("two_stores").start().processAllAvailable());
    assertTrue(stream.getCause() instanceof IllegalArgumentException
        && stream.getCause().getMessage().contains("The read names two stores"), stream.toString());
    assertRejected("Option 'table' is given twice, as 'stats' by the table and as 'events' by the "
        + "read", () -> spark.read().option("table", "events").table("mlops.stats").count());
    assertRejected("Option 'table' is given twice",
        () -> spark.read().option("table", "runs").table("mlops.models").count());
    assertEquals(60, spark.read().option("store", history + "/").table("mlops.stats").count());
    assertEquals(60, spark.read().option("table", "STATS").table("mlops.stats").count(),
        "a table named again, in another case");
  }

  private static void useCatalog() {
    spark.conf().set("spark.sql.catalog.mlops", MLOpsCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.mlops.store", history.toString());
  }

  private static Dataset<Row> mlopsWith(String key, String value) {
    return spark.read().format("mlops").option("store", history.toString()).option(key, value).load();
  }

  private static void assertRejected(String fragment, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void whatIsNotAStoreIsAnErrorNotAnEmptyRead() throws IOException {
    Path parquet = TestSpark.newStoreRoot("parquet");
    spark.range(3).write().parquet(parquet.resolve("stats").toString());
    assertRejected(parquet.resolve("stats") + " is not a Delta table", () -> mlops(parquet, "stats").count());
    Path file = TestSpark.newStoreRoot("file");
    Files.writeString(file, "not a store");
    assertRejected("The MLOps store root " + file + " is a file", () -> mlops(file, "stats").count());
    assertRejected("Option 'start' is empty", () -> mlopsWith("start", "").count());
    assertRejected("Option 'store' is empty", () -> mlopsWith("store", " ").count());
  }

  @Test
  void aMissingStoreIsAnEmptyTableWithTheSchema() {
    Dataset<Row> df = mlops(TestSpark.newStoreRoot("missing"), "events");
    assertEquals(0, df.count());
    assertEquals(delta(types, "events").schema(), df.schema());
  }

  @Test
  void theCatalogServesSql() {
    useCatalog();
    List<String> tables = spark.sql("SHOW TABLES IN mlops").select("tableName")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("stats", "events", "model_versions", "model_history", "drift", "reports", "lineage", "models", "runs"),
        tables);
    List<Row> describe = spark.sql("DESCRIBE mlops.stats").collectAsList();
    assertEquals("time", describe.get(0).getString(0));
    Dataset<Row> sql = spark.sql("SELECT * FROM mlops.stats WHERE name = 'loss' AND date = DATE'2026-01-02'");
    assertSameRows(delta(history, "stats").where("name = 'loss' AND date = DATE'2026-01-02'"), sql);
    assertEquals(2, scanOf(sql).plan().files().size(), "same pruning through SQL");
    assertEquals(10, spark.sql("SELECT * FROM mlops.stats VERSION AS OF 1").count());
    assertRejected("Table mlops.nosuch does not exist; the mlops catalog has tables [stats, events, "
        + "model_versions, model_history, drift, reports, lineage, models, runs]", () -> spark.sql("SELECT * FROM mlops.nosuch"));
  }

  @Test
  void getStatShapesEachTypeLikeParallelMsGetStats() {
    Instant from = Instant.parse("2020-01-01T00:00:00Z");
    Instant to = Instant.now().plusSeconds(60);
    assertEquals(List.of("time", "value", "category", "type", "mlapp", "pipeline", "node", "run_id", "host"),
        List.of(typesWriter.getStat("n", from, to).schema().fieldNames()));
    assertEquals(1.5, typesWriter.getStat("n", from, to).first().<Double>getAs("value"));
    Row histogram = typesWriter.getStat("c", from, to).first();
    assertEquals("CATEGORICAL", histogram.getAs("hist_type"));
    assertEquals(List.of(3.0, 4.0), histogram.getList(histogram.fieldIndex("hist_values")));
    List<Row> graph = typesWriter.getStat("g", from, to).collectAsList();
    assertEquals(2, graph.size());
    assertEquals(0.9, graph.get(0).<Double>getAs("cat"));
    assertEquals(0.6, graph.get(1).<Double>getAs("dog"));
    List<Row> table = typesWriter.getStat("t", from, to).collectAsList();
    assertEquals(List.of("r1", "r2"), table.stream().map(r -> r.<String>getAs("row_name")).toList());
    assertEquals("{\"k\":[1,2]}", typesWriter.getStat("o", from, to).first().getAs("data"));
    assertEquals(List.of(1.0, 2.0), typesWriter.getStat("v", from, to).first().getList(1));
    assertEquals(1, typesWriter.getEvents(from, to).count());
    assertEquals(0, typesWriter.getStat("n", from, from.plusSeconds(1)).count());
    assertEquals(0, typesWriter.getStat("n", from, to, "no-such-pipeline", null).count());
  }

  @Test
  void kernelsParquetReaderReturnsTheSameRowsAsSparks() {
    String fallback = SparkSeam.PARQUET_READER.setting();
    List<String> reads = List.of("stats", "events", "stats where name IN ('t', 'h', 'g')",
        "stats latest");
    for (String read : reads) {
      List<String> viaSpark = rowsOf(read);
      spark.conf().set(fallback, "true");
      try {
        List<String> viaKernel = rowsOf(read);
        assertEquals(viaSpark, viaKernel, read);
        assertTrue(!viaKernel.isEmpty(), read);
      } finally {
        spark.conf().unset(fallback);
      }
    }
    spark.conf().set(fallback, "maybe");
    try {
      assertRejected(fallback + " must be true or false, got 'maybe'", () -> rowsOf("events"));
    } finally {
      spark.conf().unset(fallback);
    }
  }

  /** "table [where condition] [latest]" read from the types store, as sorted row strings. */
  private static List<String> rowsOf(String read) {
    String[] words = read.split(" ", 2);
    boolean latest = read.endsWith(" latest");
    Dataset<Row> df = spark.read().format("mlops").option("store", types.toString())
        .option("table", words[0]).option("latest", latest).load();
    if (read.contains(" where ")) {
      df = df.where(read.substring(read.indexOf(" where ") + 7));
    }
    return df.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
