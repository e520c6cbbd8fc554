package io.github.sparkmlops.examples;

import org.apache.spark.sql.SparkSession;

/**
 * A Spark job with no spark-mlops code at all: run it with {@code --conf
 * spark.extraListeners=io.github.sparkmlops.MLOpsListener} and its system stats land in the store.
 */
public final class PlainSparkJob {

  private PlainSparkJob() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("plain-spark-job").getOrCreate();
    long groups = spark.range(0, 100_000, 1, 8).selectExpr("id % 10 AS k").groupBy("k").count()
        .count();
    System.out.println("plain job: " + groups + " groups");
    spark.stop();
  }
}
