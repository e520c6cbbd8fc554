package io.github.sparkmlops.examples.docs

import org.apache.spark.sql.SparkSession

/**
 * A Databricks notebook cell in Scala, with the assembly attached to the cluster and the store set
 * in its Spark configuration (`spark.mlops.store`). The notebook gives `spark`; the region is the
 * cell. `DocSamplesRunTest` runs it.
 */
object DatabricksCell {

  /** The cell, on the notebook's `spark`. */
  def run(spark: SparkSession): Unit = {
    // sample: databricks-scala
    import io.github.sparkmlops.MLOps

    val mlops = MLOps.init(spark)
    val trips = spark.range(0, 1000).selectExpr("id", "rand(7) * 30 AS distance")
    mlops.setStat("trips.count", trips.count().toDouble)
    mlops.setStat("trips.distance.mean", trips.selectExpr("avg(distance)").first().getDouble(0))
    mlops.done()

    spark.read.format("mlops").load().where("name LIKE 'trips.%'").show()  // display(...) in a notebook
    // end sample: databricks-scala
  }
}
