package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.report.StoreReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lineage of batch queries, captured by the query listener {@code MLOps.init} registers, with
 * real delta-spark tables, Parquet folders and catalog tables, read back through format("mlops").
 */
class LineageTest {

  private static final SparkSession spark = TestSpark.session();
  private Path root;
  private Path data;

  @BeforeEach
  void start() throws IOException {
    root = TestSpark.newStoreRoot("lineage");
    data = Files.createDirectories(root.getParent().resolve("data"));
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LINEAGE_ENABLED, "true");
  }

  @AfterEach
  void stop() {
    spark.conf().unset(MLOpsConfig.LINEAGE_ENABLED);
    spark.conf().unset(MLOpsConfig.STORE);
    spark.sql("DROP TABLE IF EXISTS lineage_dims");
    spark.sql("DROP TABLE IF EXISTS lineage_out");
    spark.sql("DROP TABLE IF EXISTS lineage_changed");
  }

  @Test
  void aJoinWrittenAsDeltaNamesEachInputWithItsVersionFilesAndBytes() throws IOException {
    String delta = data.resolve("events").toString();
    for (int i = 0; i < 4; i++) {
      spark.range(10).write().format("delta").mode("append").save(delta); // versions 0..3
    }
    String parquet = data.resolve("users").toString();
    spark.range(5).write().parquet(parquet);
    spark.range(3).write().format("parquet").saveAsTable("lineage_dims");
    String out = data.resolve("joined").toString();

    // before init: no run, nothing recorded
    MLOps mlops = MLOps.init(spark);
    String runId = mlops.context().runId();
    spark.read().format("delta").load(delta)
        .join(spark.read().parquet(parquet), "id")
        .join(spark.table("lineage_dims"), "id")
        .write().format("delta").mode("overwrite").save(out);
    assertTrue(mlops.done().complete());

    List<Row> rows = lineage().collectAsList();
    assertEquals(4, rows.size(), rows.toString());
    long query = rows.get(0).getAs("execution_id");
    for (Row r : rows) {
      assertEquals(runId, r.getAs("run_id"));
      assertEquals(query, (long) r.getAs("execution_id"), "one query: " + rows);
    }
    Row events = only(rows, "input", uri(delta));
    assertEquals("delta", events.getAs("format"));
    assertEquals(3L, (long) events.getAs("version"));
    assertNotNull(events.getAs("table_id"));
    assertFilesOf(delta, events);

    Row users = only(rows, "input", uri(parquet));
    assertEquals("parquet", users.getAs("format"));
    assertTrue(users.isNullAt(users.fieldIndex("version")));
    assertFilesOf(parquet, users);

    Row dims = rows.stream().filter(r -> "spark_catalog.default.lineage_dims".equals(
        r.getAs("table_name"))).findFirst().orElseThrow(() -> new AssertionError(rows));
    assertEquals("input", dims.getAs("direction"));
    assertEquals("parquet", dims.getAs("format"));

    Row joined = only(rows, "output", uri(out));
    assertEquals("delta", joined.getAs("format"));
    assertEquals(0L, (long) joined.getAs("version"));
    assertNotNull(joined.getAs("table_id"));
    assertFilesOf(out, joined);

    Row run = spark.read().format("mlops").option("store", root.toString())
        .option("table", "runs").load().where("run_id = '" + runId + "'").first();
    List<String> inputs = run.<Row>getList(run.fieldIndex("inputs")).stream()
        .map(i -> i.getAs("format") + " " + i.getAs("version")).sorted().toList();
    assertEquals(List.of("delta 3", "parquet null", "parquet null"), inputs, "the runs view");
    List<Row> outputs = run.getList(run.fieldIndex("outputs"));
    assertEquals(1, outputs.size(), outputs.toString());
    assertEquals(uri(out), outputs.get(0).getAs("path"));
    String html = StoreReport.of(spark, root.toString()).html();
    assertTrue(html.contains("delta " + uri(delta) + " @ 3"), "the report's runs list inputs");
  }

  @Test
  void timeTravelRecordsTheVersionRead() {
    String delta = data.resolve("events").toString();
    for (int i = 0; i < 4; i++) {
      spark.range(10).write().format("delta").mode("append").save(delta);
    }
    MLOps mlops = MLOps.init(spark);
    assertEquals(10, spark.read().format("delta").option("versionAsOf", 1).load(delta).count()
        / 2);
    assertEquals(40, spark.read().format("delta").load(delta).count());
    assertTrue(mlops.done().complete());

    List<Long> versions = lineage().where("direction = 'input'").orderBy("execution_id")
        .select("version").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(List.of(1L, 3L), versions);
  }

  @Test
  void filesWrittenAndCatalogTablesAreOutputs() throws IOException {
    MLOps mlops = MLOps.init(spark);
    String folder = data.resolve("scores").toString();
    spark.range(100).repartition(3).write().parquet(folder);
    spark.range(4).write().format("delta").saveAsTable("lineage_out");
    assertTrue(mlops.done().complete());

    List<Row> rows = lineage().collectAsList();
    Row scores = only(rows, "output", uri(folder));
    assertEquals("parquet", scores.getAs("format"));
    assertFilesOf(folder, scores);
    Row table = rows.stream().filter(r -> String.valueOf((Object) r.getAs("table_name"))
        .endsWith("lineage_out")).findFirst().orElseThrow(() -> new AssertionError(rows));
    assertEquals("output", table.getAs("direction"));
    assertEquals("delta", table.getAs("format"));
    assertEquals(0L, (long) table.getAs("version"));
    Path tableDir = Path.of(spark.sql("DESCRIBE DETAIL lineage_out").first().<String>getAs(
        "location").replaceFirst("^file:", ""));
    assertFilesOf(tableDir.toString(), table);
    assertEquals(2, rows.size(), "each write once, though Spark runs it as nested queries: " + rows);
  }

  @Test
  void eachDeltaStatementWritesItsOwnVersionOnce() {
    MLOps mlops = MLOps.init(spark);
    spark.sql("CREATE TABLE lineage_changed USING delta AS SELECT id, id AS v FROM range(10)");
    // an action on a command's result does not record the command again
    assertEquals(0, spark.sql("INSERT INTO lineage_changed SELECT id, id FROM range(10, 12)")
        .count());
    spark.sql("UPDATE lineage_changed SET v = 0 WHERE id < 3");
    spark.sql("DELETE FROM lineage_changed WHERE id > 10");
    spark.sql("MERGE INTO lineage_changed t USING (SELECT id, 7 AS v FROM range(5)) s "
        + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v");
    assertTrue(mlops.done().complete());

    List<Row> outputs = lineage().where("direction = 'output'").orderBy("execution_id")
        .collectAsList();
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), outputs.stream()
        .map(r -> r.<Long>getAs("version")).toList(), "one row per statement: " + outputs);
    assertEquals(1, outputs.stream().map(r -> r.getAs("path")).distinct().count(), outputs.toString());
    // UPDATE, DELETE and MERGE read the version before the one they write; Delta's own queries
    // inside them are not recorded
    List<Long> inputs = lineage().where("direction = 'input'").orderBy("execution_id")
        .select("version").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(List.of(1L, 2L, 3L), inputs);
    assertEquals(0, spark.read().format("mlops").option("store", root.toString()).load()
        .where("name LIKE 'mlops.lineage.%'").count(), "nothing skipped, dropped or failed");
  }

  @Test
  void oneDatasetWrittenTwiceRecordsTwoVersions() {
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> rows = spark.range(5).toDF();
    String table = data.resolve("twice").toString();
    rows.write().format("delta").mode("append").save(table);
    rows.write().format("delta").mode("append").save(table);
    assertTrue(mlops.done().complete());
    assertEquals(List.of(0L, 1L), lineage().where("direction = 'output'").orderBy("execution_id")
        .select("version").as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
  }

  @Test
  void aFailingQueryRecordsNothing() {
    String parquet = data.resolve("in").toString();
    spark.range(5).write().parquet(parquet);
    String taken = data.resolve("taken").toString();
    spark.range(1).write().parquet(taken);
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> in = spark.read().parquet(parquet);
    assertThrows(Exception.class, () -> in.write().mode("errorifexists").parquet(taken));
    assertTrue(mlops.done().complete());
    assertEquals(0, lineage().count(), "nothing recorded of a failed query");
  }

  @Test
  void anUnknownRelationIsSkippedAndCounted() {
    MLOps mlops = MLOps.init(spark);
    assertEquals(2, spark.read().format(UnknownRelationSource.class.getName()).load().count());
    assertTrue(mlops.done().complete());
    assertEquals(0, lineage().count());
    List<Row> skipped = spark.read().format("mlops").option("store", root.toString())
        .load().where("name = 'mlops.lineage.skipped'").collectAsList();
    assertEquals(1, skipped.size(), skipped.toString());
    assertEquals(1.0, skipped.get(0).getAs("value"));
  }

  @Test
  void aReadOfTheStoreIsAnInputButTheLibrarysOwnReadsAreNot() {
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("loss", 0.5);
    mlops.flush();
    assertEquals(1, spark.read().format("mlops").load().where("name = 'loss'").count());
    assertEquals(1, spark.read().format("mlops").option("lineage", "false").load()
        .where("name = 'loss'").count());
    assertTrue(mlops.report().html().contains("loss"), "the report reads the store");
    assertTrue(mlops.done().complete());

    List<Row> rows = lineage().collectAsList();
    assertEquals(1, rows.size(), "only the read that did not opt out: " + rows);
    assertEquals("input", rows.get(0).getAs("direction"));
    assertEquals("mlops", rows.get(0).getAs("format"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark.read().format("mlops").option("lineage", "no").load());
    assertTrue(e.getMessage().contains("lineage"), e.getMessage());
  }

  private Dataset<Row> lineage() {
    return spark.read().format("mlops").option("store", root.toString())
        .option("table", "lineage").load();
  }

  private static Row only(List<Row> rows, String direction, String path) {
    List<Row> found = rows.stream().filter(r -> direction.equals(r.getAs("direction"))
        && path.equals(r.getAs("path"))).toList();
    assertEquals(1, found.size(), direction + " " + path + " in " + rows);
    return found.get(0);
  }

  /** A local path as Spark names it in plans: file: and the absolute path. */
  private static String uri(String path) {
    return "file:" + Path.of(path).toAbsolutePath();
  }

  /** The row's files and bytes are those of the Parquet files in {@code dir}. */
  private static void assertFilesOf(String dir, Row row) throws IOException {
    List<Path> files = parquetFiles(dir);
    assertEquals(files.size(), (long) row.getAs("files"), "files of " + dir);
    assertEquals(bytes(files), (long) row.getAs("bytes"), "bytes of " + dir);
  }

  private static List<Path> parquetFiles(String dir) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .collect(Collectors.toList());
    }
  }

  private static long bytes(List<Path> files) throws IOException {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    return total;
  }
}
