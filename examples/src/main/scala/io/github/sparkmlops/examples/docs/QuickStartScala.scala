package io.github.sparkmlops.examples.docs

import io.github.sparkmlops.MLOps
import org.apache.spark.sql.SparkSession

/**
 * The one-minute start in Scala: report a few stats, a KPI and an alert, then read them back.
 * `DocSamplesRunTest` runs it.
 */
object QuickStartScala {

  /** Runs the quick start on the application's session (a local one when run on its own). */
  def main(args: Array[String]): Unit = {
    // sample: quickstart-scala
    val spark = SparkSession.builder().appName("churn").getOrCreate()
    val mlops = MLOps.init(spark)          // the store: spark.mlops.store, else <warehouse>/mlops

    val customers = spark.range(0, 1000).selectExpr("id", "rand(7) * 100 AS age")
    mlops.setStat("rows.read", customers.count().toDouble)
    mlops.setStat("training.loss", 0.21)
    mlops.setKpi("revenue", 1250.0)
    mlops.dataAlert("null ages", "12% of rows have no age")
    mlops.done()                           // writes everything, then returns

    spark.read.format("mlops").load()      // the stats table; .option("table", "events"): the alert
      .where("name NOT LIKE 'spark.%'")    // spark.*: what the listener recorded of each Spark job
      .select("name", "value", "time").show()
    // end sample: quickstart-scala
  }
}
