package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The mlops source reads a store written by the code before the store's first schema change
 * (the store-v1 fixture), without upgrading it: the newer columns read as null, filters on them
 * work, and nothing is written.
 */
class FixtureStoreReadTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void anOlderStoreReadsWithItsNewerColumnsNull() throws Exception {
    Path root = TestSpark.copyFixtureStore(TestSpark.newStoreRoot("fixture-read"));
    long logFiles;
    try (var log = Files.list(root.resolve("stats").resolve("_delta_log"))) {
      logFiles = log.count();
    }
    Dataset<Row> stats = spark.read().format("mlops").load(root.toString());
    long expected = spark.read().format("delta").load(root.resolve("stats").toString()).count();
    assertTrue(expected >= 8, "one stat of every type");
    assertEquals(expected, stats.count());
    assertEquals(expected, stats.where("model_version IS NULL").count());
    assertEquals(0, stats.where("model_version = 1").count(), "a filter on a newer column");
    assertEquals(8, stats.select("type").distinct().count(), "every value type reads back");
    assertFalse(stats.where("type = 'HISTOGRAM'").first().isNullAt(stats.schema().fieldIndex("histogram")));
    assertEquals(2, spark.read().format("mlops").option("table", "events").load(root.toString()).count());
    try (var log = Files.list(root.resolve("stats").resolve("_delta_log"))) {
      assertEquals(logFiles, log.count(), "reading never upgrades the table");
    }
  }
}
