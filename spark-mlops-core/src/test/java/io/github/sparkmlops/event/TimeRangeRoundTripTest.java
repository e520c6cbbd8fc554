package io.github.sparkmlops.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.value.Require;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The ends of the accepted time range are written through the event and KPI paths and read back
 * by delta-spark, timestamp and date partition alike: the range {@link Require#time} enforces is
 * one the store can hold and another Delta client can read.
 */
class TimeRangeRoundTripTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void theFirstAndLastAcceptedInstantsRoundTripThroughDeltaSpark() {
    Path root = TestSpark.newStoreRoot("time-range");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    try {
      MLOps mlops = MLOps.init(spark);
      mlops.event(Event.builder(EventType.GENERIC, "first").time(Require.MIN_TIME).build());
      mlops.event(Event.builder(EventType.GENERIC, "last").time(Require.MAX_TIME).build());
      mlops.setKpi("kpi.first", 1, Require.MIN_TIME);
      mlops.setKpi("kpi.last", 2, Require.MAX_TIME);
      assertTrue(mlops.done().complete(), "every record was written");
    } finally {
      spark.conf().unset(MLOpsConfig.STORE);
    }

    // Microseconds since the epoch, and the date as text, so no calendar conversion of
    // java.sql.Timestamp (hybrid Julian before 1582) gets in the way of the comparison.
    String micros = "unix_micros(time)";
    String day = "CAST(date AS STRING)";
    List<Row> events = spark.read().format("delta").load(root.resolve("events").toString())
        .where("title IN ('first', 'last')").orderBy("time").selectExpr("title", micros, day)
        .collectAsList();
    assertEquals(List.of(
            RowFactory.create("first", -62_135_596_800_000_000L, "0001-01-01"),
            RowFactory.create("last", 253_402_300_799_999_999L, "9999-12-31")),
        events);
    List<Row> kpis = spark.read().format("delta").load(root.resolve("stats").toString())
        .where("name LIKE 'kpi.%'").orderBy("time").selectExpr("name", micros, day)
        .collectAsList();
    assertEquals(List.of(
            RowFactory.create("kpi.first", -62_135_596_800_000_000L, "0001-01-01"),
            RowFactory.create("kpi.last", 253_402_300_799_999_999L, "9999-12-31")),
        kpis);
  }
}
