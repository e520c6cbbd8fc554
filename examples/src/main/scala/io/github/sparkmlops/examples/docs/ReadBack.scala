package io.github.sparkmlops.examples.docs

import org.apache.spark.sql.SparkSession

/** The README's "Read it back": the store through the data source, SQL and delta-spark. */
object ReadBack {

  /** The three ways in, on a store at /data/mlops; needs the catalog and delta-spark set up. */
  def readBack(spark: SparkSession): Unit = {
    // sample: read-back
    // 1. The mlops data source: filters pushed into the Delta scan; no delta-spark needed.
    spark.read.format("mlops").option("table", "stats").option("name", "training.loss").load()

    // 2. SQL, with the catalog (spark.sql.catalog.mlops=io.github.sparkmlops.sql.MLOpsCatalog).
    spark.sql("SELECT run_id, params, metrics, models FROM mlops.runs ORDER BY start DESC")

    // 3. Any Delta client: each table is a plain Delta table. delta-spark needs its package, its
    //    extension and its catalog (here for Spark 4.1; delta-spark_4.0_2.13 or _4.2_ for the others):
    //    --packages io.delta:delta-spark_4.1_2.13:4.4.0
    //    --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension
    //    --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog
    spark.read.format("delta").load("/data/mlops/stats")
    // end sample: read-back
  }
}
