package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.maintain.MaintenanceSettings;
import io.github.sparkmlops.internal.maintain.StoreMaintenance;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.run.MaintenanceReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The mlops source reads a compacted store as delta-spark does: the same rows, with filters, on an
 * older store (the store-v1 fixture) whose compaction keeps its own columns.
 */
class MaintainedStoreReadTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void aCompactedOlderStoreReadsTheSameRows() throws Exception {
    Path root = TestSpark.copyFixtureStore(TestSpark.newStoreRoot("fixture-maintained"));
    String stats = root.resolve("stats").toString();
    // the fixture has one file per date: delta-spark appends its rows again, in its own schema
    spark.read().format("delta").load(stats).write().format("delta").mode("append").save(stats);
    List<Row> before = sorted(spark.read().format("delta").load(stats));
    List<String> columns = List.of(spark.read().format("delta").load(stats).columns());

    MaintenanceReport report = new StoreMaintenance(new StoreLayout(root.toString()),
        new Configuration(), new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, 2,
            Duration.ofDays(7), Duration.ofDays(30), 10)).run();
    assertTrue(report.filesCompacted() >= 2, report.toString());

    assertEquals(columns, List.of(spark.read().format("delta").load(stats).columns()),
        "compaction keeps the table's own columns");
    assertEquals(before, sorted(spark.read().format("delta").load(stats)));
    Dataset<Row> mlops = spark.read().format("mlops").load(root.toString());
    assertEquals(before.size(), mlops.count());
    assertEquals(before.size(), mlops.where("model_version IS NULL").count());
    for (Row type : spark.read().format("delta").load(stats).select("type").distinct().collectAsList()) {
      String filter = "type = '" + type.getString(0) + "'";
      assertEquals(spark.read().format("delta").load(stats).where(filter).count(),
          mlops.where(filter).count(), filter);
    }
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy("writer_id", "seq").collectAsList();
  }
}
