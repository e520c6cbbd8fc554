package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.MaintenanceReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code MLOps.maintain()}, background maintenance and its settings, through the facade. */
@Timeout(300)
class MaintainTest {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE,
      MLOpsConfig.MAINTENANCE_ENABLED, MLOpsConfig.MAINTENANCE_INTERVAL,
      MLOpsConfig.MAINTENANCE_MIN_FILES, MLOpsConfig.MAINTENANCE_TARGET_FILE_SIZE);

  private final SparkSession spark = TestSpark.session();
  private Path root;

  @BeforeEach
  void useFreshStore() {
    root = TestSpark.newStoreRoot("maintain");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_MIN_FILES, "3");
  }

  @AfterEach
  void unset() {
    KEYS.forEach(spark.conf()::unset);
  }

  @Test
  void maintainCompactsWhatWasFlushedAndRefusesAfterDone() {
    MLOps mlops = MLOps.init(spark);
    for (int i = 0; i < 4; i++) {
      mlops.setStat("loss", i);
      assertEquals(i + 1, mlops.flush().written());
    }
    MaintenanceReport report = mlops.maintain();
    MaintenanceReport.Table stats = report.tables().get(0);
    assertEquals(4, stats.filesCompacted(), report.toString());
    assertEquals(1, stats.filesWritten());
    assertEquals(1, dataFiles());
    mlops.setStat("loss", 4);
    assertTrue(mlops.done().complete());
    assertEquals(5, spark.read().format("delta").load(table()).count());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), spark.read().format("delta").load(table())
        .orderBy("seq").select("value").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList());
    IllegalStateException e = assertThrows(IllegalStateException.class, mlops::maintain);
    assertTrue(e.getMessage().contains("done"), e.getMessage());
  }

  @Test
  void maintenanceRunsInTheBackgroundUnlessSwitchedOff() throws Exception {
    spark.conf().set(MLOpsConfig.MAINTENANCE_INTERVAL, "500ms");
    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "false");
    MLOps off = MLOps.init(spark);
    for (int i = 0; i < 3; i++) {
      off.setStat("loss", i).flush();
    }
    // switched off, there is no thread to run it (with one, the 500 ms interval would have
    // compacted the 3 files)
    assertFalse(maintenanceThreadAlive());
    assertEquals(3, dataFiles(), "switched off: nothing compacted");
    off.done();

    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "true");
    MLOps on = MLOps.init(spark);
    on.setStat("loss", 3).flush();
    Await.until("the background thread to compact the 4 files", Duration.ofSeconds(60),
        () -> dataFiles() == 1);
    assertTrue(maintenanceThreadAlive());
    on.done();
    assertFalse(maintenanceThreadAlive(), "done() stops it");
    assertEquals(4, spark.read().format("delta").load(table()).count());
  }

  @Test
  void badSettingsAreRefusedByName() {
    for (Map.Entry<String, String> bad : Map.of(
        MLOpsConfig.MAINTENANCE_TARGET_FILE_SIZE, "big",
        MLOpsConfig.MAINTENANCE_MIN_FILES, "0",
        MLOpsConfig.MAINTENANCE_INTERVAL, "-1s",
        MLOpsConfig.MAINTENANCE_ENABLED, "yes").entrySet()) {
      spark.conf().set(bad.getKey(), bad.getValue());
      try {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> MLOps.init(spark), bad.toString());
        assertTrue(e.getMessage().startsWith(bad.getKey()), e.getMessage());
      } finally {
        spark.conf().unset(bad.getKey());
      }
    }
  }

  private String table() {
    return root.resolve("stats").toString();
  }

  private long dataFiles() {
    return spark.sql("DESCRIBE DETAIL delta.`" + table() + "`").first().<Long>getAs("numFiles");
  }

  private static boolean maintenanceThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("spark-mlops-maintenance") && t.isAlive());
  }
}
