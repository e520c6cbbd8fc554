package io.github.sparkmlops.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write path (the facade to Delta tables, read back by delta-spark) and the read path
 * ({@code format("mlops")} with filters, SQL through the catalog) on this JVM's Spark line.
 */
class WriteReadTest {

  private static final SparkSession spark = LineSpark.session();
  private static final String CATALOG = "spark.sql.catalog.compat_store";
  private static final String KERNEL_READER = "spark.mlops.fallback.parquetReader";
  private static final String MIN_FILES = "spark.mlops.maintenance.minFiles";
  private static Path root;
  private static FlushReport report;

  @BeforeAll
  static void write() {
    root = LineSpark.newStoreRoot("write");
    spark.conf().set(LineSpark.STORE, root.toString());
    // maintenance compacts 2 small files and checkpoints: Kernel's Parquet, read and written
    spark.conf().set(MIN_FILES, "2");
    try {
      MLOps mlops = MLOps.init(spark);
      for (int i = 0; i < 5; i++) {
        mlops.setStat("loss", 1.0 / (i + 1));
        assertTrue(mlops.flush().complete());
      }
      assertTrue(mlops.maintain().filesCompacted() >= 5,
          "maintenance compacted the five flushes");
      mlops.setStat("optimizer", "adam", StatCategory.CONFIG)
          .setStat("h", Histogram.continuous(new double[] {0, 1, 2}, new double[] {3, 4}))
          .setStat("t", Table.builder("a", "b").namedRow("r1", 1, "one").build());
      mlops.dataAlert("drift", "feature x moved");
      report = mlops.done();
    } finally {
      spark.conf().unset(LineSpark.STORE);
      spark.conf().unset(MIN_FILES);
    }
  }

  @AfterAll
  static void forgetCatalog() {
    spark.conf().unset(CATALOG);
    spark.conf().unset(CATALOG + ".store");
    LineSpark.assertInternalPathsLinked();
  }

  @Test
  void everyRecordLandsAndDeltaSparkReadsIt() throws IOException {
    assertTrue(report.complete(), "on Spark " + LineSpark.sparkVersion() + ": " + report);
    Dataset<Row> stats = LineSpark.delta(root, "stats");
    assertEquals(5, stats.where("name = 'loss'").count());
    assertEquals(1, stats.where("name = 'optimizer' AND category = 'CONFIG'").count());
    assertEquals(8, stats.count(), "5 losses, a config, a histogram, a table");
    Row alert = LineSpark.delta(root, "events").first();
    assertEquals("feature x moved", alert.getAs("message"));
    try (Stream<Path> log = Files.list(root.resolve("stats").resolve("_delta_log"))) {
      assertTrue(log.anyMatch(f -> f.toString().endsWith(".checkpoint.parquet")),
          "a checkpoint, written with Kernel's Parquet after compaction, read by delta-spark above");
    }
  }

  @Test
  void formatMlopsReadsWithFiltersThroughSparksReaderAndKernels() {
    List<String> viaSpark = lossesAbove(0.3);
    assertEquals(List.of("0.3333333333333333", "0.5", "1.0"), viaSpark);
    List<Row> everyColumn = allStats();
    spark.conf().set(KERNEL_READER, "true");
    try {
      assertEquals(viaSpark, lossesAbove(0.3), "the same rows through Kernel's Parquet reader");
      assertEquals(everyColumn, allStats(), "every column, nested ones too");
    } finally {
      spark.conf().unset(KERNEL_READER);
    }
    Row table = spark.read().format("mlops").option("store", root.toString()).load()
        .where("name = 't'").select("table.column_names").first();
    assertEquals(List.of("a", "b"), table.getList(0));
  }

  @Test
  void theCatalogAnswersSql() {
    spark.conf().set(CATALOG, "io.github.sparkmlops.sql.MLOpsCatalog");
    spark.conf().set(CATALOG + ".store", root.toString());
    assertEquals(5L, spark.sql("SELECT count(*) FROM compat_store.stats WHERE name = 'loss'")
        .first().getLong(0));
    assertEquals("drift", spark.sql("SELECT title FROM compat_store.events").first().getString(0));
  }

  private static List<Row> allStats() {
    return spark.read().format("mlops").option("store", root.toString()).load()
        .orderBy("seq").collectAsList();
  }

  private static List<String> lossesAbove(double floor) {
    return spark.read().format("mlops").option("store", root.toString()).load()
        .where("name = 'loss' AND value > " + floor).orderBy("value")
        .collectAsList().stream().map(r -> String.valueOf(r.<Double>getAs("value"))).toList();
  }
}
