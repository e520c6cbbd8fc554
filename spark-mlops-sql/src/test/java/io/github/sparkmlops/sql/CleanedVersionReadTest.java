package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.MaintenanceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads of versions whose data files the store's clean-up deleted (compacted, then older than the
 * file retention) fail when they are planned, saying what happened and what can still be read,
 * instead of after every task's retries with a bare FileNotFoundException.
 */
class CleanedVersionReadTest {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE,
      MLOpsConfig.MAINTENANCE_ENABLED, MLOpsConfig.MAINTENANCE_MIN_FILES,
      MLOpsConfig.MAINTENANCE_FILE_RETENTION);
  private static final SparkSession spark = TestSpark.session();
  private static Path root;

  /** Four flushes of one stat (versions 1 to 4 of an empty version 0), compacted, cleaned up. */
  @BeforeAll
  static void writeCompactAndClean() throws InterruptedException {
    root = TestSpark.newStoreRoot("cleaned versions");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "false");
    spark.conf().set(MLOpsConfig.MAINTENANCE_MIN_FILES, "2");
    spark.conf().set(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "1s");
    MLOps mlops = MLOps.init(spark);
    try {
      for (int i = 0; i < 4; i++) {
        assertTrue(mlops.setStat("loss", i).flush().complete());
      }
      MaintenanceReport compacted = mlops.maintain();
      assertTrue(compacted.filesCompacted() >= 4, compacted.toString());
      // the replaced files go once they were replaced (and written) longer than the retention ago
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (mlops.maintain().filesDeleted() < compacted.filesCompacted()) {
        assertTrue(System.nanoTime() < deadline, "clean-up deleted the replaced files in time");
        TimeUnit.MILLISECONDS.sleep(200);
      }
    } finally {
      mlops.done();
      KEYS.forEach(spark.conf()::unset);
    }
  }

  @AfterAll
  static void forget() {
    KEYS.forEach(spark.conf()::unset);
  }

  private static Dataset<Row> read(String option, Object value) {
    return spark.read().format("mlops").option("store", root.toString()).option(option, value.toString())
        .load();
  }

  private static IllegalArgumentException refused(String option, Object value) {
    return assertThrows(IllegalArgumentException.class, () -> read(option, value).count());
  }

  @Test
  void versionAsOfACleanedVersionNamesTheOldestReadableOne() {
    IllegalArgumentException e = refused("versionAsOf", 1);
    String message = e.getMessage();
    assertTrue(message.startsWith("Option 'versionAsOf' (1) names version 1 of "
        + root.resolve("stats")), message);
    assertTrue(message.contains(MLOpsConfig.MAINTENANCE_FILE_RETENTION), message);
    assertTrue(message.contains("interval 1 seconds"), message);
    long oldest = oldestReadable(message);
    assertEquals(4, read("versionAsOf", oldest).count(), "the version it names reads");
    assertThrows(IllegalArgumentException.class, () -> read("versionAsOf", oldest - 1).count(),
        "and is the oldest");
  }

  @Test
  void aFileDeletedByHandIsNotBlamedOnTheCleanUp() throws Exception {
    Path store = TestSpark.newStoreRoot("deleted by hand");
    spark.conf().set(MLOpsConfig.STORE, store.toString());
    MLOps mlops = MLOps.init(spark);
    try {
      for (int i = 0; i < 2; i++) {
        assertTrue(mlops.setStat("loss", i).flush().complete());
      }
    } finally {
      mlops.done();
      spark.conf().unset(MLOpsConfig.STORE);
    }
    try (var files = Files.walk(store.resolve("stats"))) {
      Files.delete(files.filter(p -> p.toString().endsWith(".parquet")
          && !p.toString().contains("_delta_log")).findFirst().orElseThrow());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spark.read()
        .format("mlops").option("store", store.toString()).option("versionAsOf", "2").load()
        .count());
    assertTrue(e.getMessage().startsWith("Option 'versionAsOf' (2) names version 2")
        && e.getMessage().contains("deleted by hand or by another tool"), e.getMessage());
  }

  @Test
  void timestampAsOfACleanedVersionSaysSoToo() {
    String at = spark.sql("DESCRIBE HISTORY delta.`" + root.resolve("stats") + "`")
        .where("version = 2").first().getAs("timestamp").toString();
    String message = refused("timestampAsOf", at).getMessage();
    assertTrue(message.startsWith("Option 'timestampAsOf' ("), message);
    assertTrue(message.contains("names version 2 of"), message);
    assertTrue(message.contains(MLOpsConfig.MAINTENANCE_FILE_RETENTION), message);
    oldestReadable(message);
  }

  @Test
  void theSameThroughTheCatalog() {
    spark.conf().set("spark.sql.catalog.cleaned", MLOpsCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.cleaned.store", root.toString());
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> spark.sql("SELECT * FROM cleaned.stats VERSION AS OF 2").count());
      assertTrue(e.getMessage().startsWith("Option 'versionAsOf' (2) names version 2"), e.getMessage());
    } finally {
      spark.conf().unset("spark.sql.catalog.cleaned");
      spark.conf().unset("spark.sql.catalog.cleaned.store");
    }
  }

  @Test
  void aStreamFromACleanedVersionFailsWhenItPlansNotInItsTasks() throws Exception {
    StreamingQuery query = spark.readStream().format("mlops").option("store", root.toString())
        .option("startingVersion", "1").load()
        .writeStream().format("memory").queryName("from_cleaned")
        .trigger(Trigger.AvailableNow()).start();
    try {
      StreamingQueryException e =
          assertThrows(StreamingQueryException.class, query::processAllAvailable);
      Throwable cause = e.getCause();
      assertTrue(cause instanceof IllegalStateException, e.toString());
      String message = cause.getMessage();
      assertTrue(message.contains("startingVersion 1"), message);
      assertTrue(message.contains(MLOpsConfig.MAINTENANCE_FILE_RETENTION), message);
      assertTrue(message.contains("deleted"), message);
    } finally {
      query.stop();
    }
  }

  private static long oldestReadable(String message) {
    Matcher m = Pattern.compile("The oldest version still readable is (\\d+)").matcher(message);
    assertTrue(m.find(), message);
    return Long.parseLong(m.group(1));
  }
}
