package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code MLOps.getKpi}: a KPI's history as the facade reads it back through the mlops source. */
class FacadeHistoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void storeOff() {
    spark.conf().unset(MLOpsConfig.STORE);
  }

  /**
   * KPIs loaded with past times come back in time order, shaped as numbers, within the range; a
   * number reported under the same name is not a KPI and is left out (before, the mix of types
   * made getKpi throw).
   */
  @Test
  void getKpiReturnsTheKpisHistoryInTimeOrderAndNothingElse() {
    spark.conf().set(MLOpsConfig.STORE, TestSpark.newStoreRoot("kpi history").toString());
    MLOps mlops = MLOps.init(spark);
    mlops.setKpi("revenue", 3, T0.plusSeconds(20))
        .setKpi("revenue", 1, T0)
        .setKpi("revenue", 2, T0.plusSeconds(10))
        .setKpi("revenue", 4, T0.plusSeconds(3600))
        .setKpi("cost", 9, T0.plusSeconds(5))
        .setStat("revenue", 99.0);

    Dataset<Row> history = mlops.getKpi("revenue", T0, T0.plusSeconds(3600));
    assertEquals(List.of("time", "value", "category", "type", "mlapp", "pipeline", "node",
        "run_id", "host"), List.of(history.columns()));
    assertEquals(List.of(1.0, 2.0, 3.0), history.select("value").as(Encoders.DOUBLE())
        .collectAsList(), "in time order; the end is exclusive");
    assertEquals(List.of("KPI"), history.select("type").distinct().as(Encoders.STRING())
        .collectAsList());
    assertEquals(List.of(T0, T0.plusSeconds(10), T0.plusSeconds(20)),
        history.select("time").as(Encoders.INSTANT()).collectAsList());
    assertEquals(List.of(4.0), mlops.getKpi("revenue", T0, Instant.now().plusSeconds(60))
        .where("time > '" + T0.plusSeconds(60) + "'").select("value").as(Encoders.DOUBLE())
        .collectAsList(), "the number reported now is not part of it");
    mlops.done();
  }
}
