package io.github.sparkmlops.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.profile.DataProfile;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The profile on this JVM's Spark line: its own job over Parquet batches, its aggregate
 * fallback, and the aggregate in {@code agg} give the same profile.
 */
class ProfileTest {

  @AfterAll
  static void internalPathsLinked() {
    LineSpark.assertInternalPathsLinked();
  }

  private final SparkSession spark = LineSpark.session();

  @Test
  void thePlanJobItsFallbackAndTheAggregateAgree() {
    Path dir = LineSpark.newFolder("profile input");
    spark.range(0, 20_000).selectExpr("id", "id % 7 AS bucket", "CAST(id AS DOUBLE) / 3 AS x",
            "CASE WHEN id % 10 = 0 THEN NULL ELSE concat('label-', id % 13) END AS label")
        .write().parquet(dir.resolve("data").toString());
    Dataset<Row> data = spark.read().parquet(dir.resolve("data").toString());
    DataProfiler profiler = DataProfiler.forSchema(data.schema()).categorical("label");

    DataProfile planJob = profiler.profile(data);
    assertEquals(20_000, planJob.rows());
    assertEquals(2_000, planJob.column("label").missing());
    assertEquals(profiler.read(data.agg(profiler.column()).head()), planJob);
    spark.conf().set("spark.mlops.fallback.profileJob", "true");
    try {
      assertEquals(planJob, profiler.profile(data));
    } finally {
      spark.conf().unset("spark.mlops.fallback.profileJob");
    }
  }
}
