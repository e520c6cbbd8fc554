package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade's calls the other tests make only in passing: healthAlert and storeRoot. */
class MLOpsFacadeTest {

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void storeOff() {
    spark.conf().unset(MLOpsConfig.STORE);
  }

  @Test
  void aHealthAlertIsStoredAsAWarningAlertWithItsTitleAndMessage() {
    Path root = TestSpark.newStoreRoot("health alert");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    assertTrue(mlops.healthAlert("drift on age", "PSI 0.31 over 0.2").done().complete());

    List<Row> events = spark.read().format("delta").load(root.resolve("events").toString())
        .select("type", "severity", "is_alert", "title", "message").collectAsList();
    assertEquals(List.of(org.apache.spark.sql.RowFactory.create("HEALTH_ALERT", "WARNING", true,
        "drift on age", "PSI 0.31 over 0.2")), events);
  }

  /** The root as configured, without a trailing slash: where the tables are. */
  @Test
  void storeRootIsTheConfiguredRootWhereTheTablesAre() {
    Path root = TestSpark.newStoreRoot("store root");
    spark.conf().set(MLOpsConfig.STORE, root + "/");
    MLOps mlops = MLOps.init(spark);
    assertEquals(root.toString(), mlops.storeRoot());
    mlops.setStat("rows", 3);
    mlops.done();
    assertEquals(1, spark.read().format("delta").load(mlops.storeRoot() + "/stats")
        .where("name = 'rows' AND value = 3").count());
  }

  @Test
  void storeRootDefaultsToMlopsUnderTheWarehouse() {
    String warehouse = spark.conf().get("spark.sql.warehouse.dir");
    MLOps mlops = MLOps.init(spark);
    try {
      assertEquals(warehouse.replaceAll("/+$", "") + "/mlops", mlops.storeRoot());
    } finally {
      mlops.done();
    }
  }
}
