package io.github.sparkmlops.benchmarks;

import org.apache.spark.sql.SparkSession;

/** The session every benchmark runs in: local[2], delta-spark configured as the peer. */
final class BenchSpark {

  private BenchSpark() {}

  static SparkSession.Builder builder(String appName) {
    return SparkSession.builder()
        .master("local[2]").appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.databricks.delta.snapshotPartitions", "2");
  }
}
