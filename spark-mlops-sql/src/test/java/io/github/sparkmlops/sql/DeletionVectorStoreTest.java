package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.Await;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.maintain.MaintenanceSettings;
import io.github.sparkmlops.internal.maintain.StoreMaintenance;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.MaintenanceReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store table on which delta-spark wrote deletion vectors, which maintenance does not know:
 * maintenance leaves it alone, and delta-spark still reads every row the table holds, and none it
 * deleted, now and at the version before; {@code format("mlops")} reads no other rows either.
 */
@Timeout(300)
class DeletionVectorStoreTest {

  private static final RunContext CONTEXT =
      new RunContext("tests", "tests", "tests", "run-1", "localhost");
  private static final Duration RETENTION = Duration.ofSeconds(1);

  private final SparkSession spark = TestSpark.session();

  @Test
  void cleanUpLeavesTheDeletionVectorsOfTheTableAlone() throws Exception {
    maintainATableWithDeletionVectors("dv clean-up", 1_000);
  }

  @Test
  void compactionLeavesATableWithDeletionVectorsAlone() throws Exception {
    maintainATableWithDeletionVectors("dv compaction", 2);
  }

  /**
   * The {@code runs} view keeps what it summed up of a table's files between reads: rows deleted
   * through deletion vectors since (the files stay, their vectors are new) are no longer counted.
   */
  @Test
  void theRunsViewCountsNoRowDeletedSinceItsLastRead() throws Exception {
    Path root = TestSpark.newStoreRoot("dv runs view");
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer =
        Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS);
    for (int c = 1; c <= 3; c++) {
      writer.append("w", c, rows(c));
    }
    assertEquals(30L, runsView(root).getLong(0));
    Path stats = root.resolve("stats");
    spark.sql("ALTER TABLE delta.`" + stats + "` SET TBLPROPERTIES "
        + "('delta.enableDeletionVectors' = 'true')");
    spark.sql("DELETE FROM delta.`" + stats + "` WHERE seq % 2 = 0");
    assertFalse(files(stats, ".bin").isEmpty(), "delta-spark wrote deletion vectors");

    Row run = runsView(root);
    assertEquals(15L, run.getLong(0), "the 15 rows left");
    // every row has the same time: the value shown is one a row left holds (odd seq, odd value)
    assertEquals(1.0, run.getDouble(1) % 2, "dv = " + run.getDouble(1));
  }

  private Row runsView(Path root) {
    return spark.read().format("mlops").option("store", root.toString()).option("table", "runs")
        .load().selectExpr("stats", "metrics['dv']").first();
  }

  /** Maintenance with {@code minFiles}, its retention passed for every file of the table. */
  private void maintainATableWithDeletionVectors(String label, int minFiles) throws Exception {
    Path root = TestSpark.newStoreRoot(label);
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer =
        Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS);
    for (int c = 1; c <= 3; c++) {
      writer.append("w", c, rows(c));
    }
    Path stats = root.resolve("stats");
    spark.sql("ALTER TABLE delta.`" + stats + "` SET TBLPROPERTIES "
        + "('delta.enableDeletionVectors' = 'true')");
    spark.sql("DELETE FROM delta.`" + stats + "` WHERE seq % 2 = 0");
    List<Path> deletionVectors = files(stats, ".bin");
    assertFalse(deletionVectors.isEmpty(), "delta-spark wrote deletion vectors");
    long deletedAt = latestVersion(stats);
    List<Row> expected = sorted(spark.read().format("delta").load(stats.toString()));
    assertEquals(15, expected.size(), "30 rows, the 15 of even seq deleted");
    Await.filesOlderThan(stats, RETENTION.multipliedBy(3));

    MaintenanceReport report = new StoreMaintenance(layout, new Configuration(),
        new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, minFiles, RETENTION,
            Duration.ofDays(30), 10)).run();

    MaintenanceReport.Table table = report.tables().get(0);
    assertEquals("stats", table.name());
    assertTrue(table.skipped() != null && table.skipped().contains("deletionVectors"),
        report.toString());
    assertEquals(0, table.filesCompacted(), report.toString());
    assertEquals(0, table.filesDeleted(), report.toString());
    assertTrue(deletionVectors.stream().allMatch(Files::exists), "deletion vectors kept");
    assertEquals(deletedAt, latestVersion(stats), "no commit: the table was left alone");
    assertEquals(expected, sorted(spark.read().format("delta").load(stats.toString())));
    assertEquals(expected, sorted(spark.read().format("delta").option("versionAsOf", deletedAt)
        .load(stats.toString())));
    writer.append("w", 4, rows(4));
    assertEquals(expected.size() + 10, spark.read().format("delta").load(stats.toString()).count(),
        "the store's writer still appends to the table");
    // the mlops source reads the table's rows, or refuses by name a table with deletion vectors
    // (as docs/reading.md says it does for now); never other rows
    Dataset<Row> mlops = spark.read().format("mlops").load(root.toString());
    try {
      assertEquals(expected.size() + 10, mlops.count());
      assertEquals(0, mlops.where("seq % 2 = 0").count(), "deleted rows stay deleted");
    } catch (UnsupportedOperationException refused) {
      assertTrue(refused.getMessage().contains("deletion vectors"), refused.getMessage());
    }
  }

  /** Ten number stats of commit {@code c}, on one date, seq {@code c*10 .. c*10+9}. */
  private static List<Object[]> rows(int c) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(StoreSchema.statRow(new StatRecord(Instant.parse("2026-01-01T12:00:00Z"), CONTEXT,
          "w", c * 10L + i, "dv", "TIME_SERIES", StatType.NUMBER, new NumberValue(i))));
    }
    return rows;
  }

  private long latestVersion(Path table) {
    return spark.sql("DESCRIBE HISTORY delta.`" + table + "`").selectExpr("max(version)").first()
        .getLong(0);
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy("seq").collectAsList();
  }

  private static List<Path> files(Path table, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }
}
