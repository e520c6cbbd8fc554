package io.github.sparkmlops.sql.kryo;

import io.github.sparkmlops.LocalCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a store through {@code format("mlops")} on Spark's local-cluster master, whose executor
 * is a JVM of its own, with Kryo as the data serializer and every class it writes required to be
 * registered: what the driver broadcasts to the executors arrives through Kryo, not as the
 * driver's own object. Prints the count and the sum for the test.
 */
public final class KryoClusterMain {

  private KryoClusterMain() {}

  public static void main(String[] args) {
    SparkSession spark = LocalCluster.session("local-cluster[1,1,1024]", "kryo-cluster-read")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrationRequired", "true")
        .getOrCreate();
    try {
      Row counted = spark.read().format("mlops").option("store", args[0]).load()
          .selectExpr("count(*)", "sum(value)").first();
      System.out.println("READ " + counted.getLong(0) + " " + counted.getDouble(1));
    } finally {
      spark.stop();
    }
  }
}
