package io.github.sparkmlops.examples.docs

import org.apache.spark.sql.{DataFrame, SparkSession}

/**
 * The three ways to read the store back: the `mlops` data source, SQL on the `mlops` catalog, and
 * delta-spark. `DocSamplesRunTest` runs it.
 */
object ReadBack {

  /** Reads the store at `store` the three ways: a stat's history, the alerts, the stats table. */
  def read(spark: SparkSession, store: String): Seq[DataFrame] = {
    // sample: read-back
    // 1. The mlops data source: no delta-spark needed. The store: spark.mlops.store
    val loss = spark.read.format("mlops").option("name", "training.loss").load()

    // 2. SQL, with spark.sql.catalog.mlops=io.github.sparkmlops.sql.MLOpsCatalog
    val alerts = spark.sql("SELECT time, title, message FROM mlops.events WHERE is_alert")

    // 3. Any Delta client. delta-spark (--packages io.delta:delta-spark_4.1_2.13:4.4.0 on Spark 4.1,
    //    delta-spark_4.0_2.13 or _4.2_ on the others) needs, when the session starts:
    //    spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension
    //    spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog
    val stats = spark.read.format("delta").load(s"$store/stats")
    // end sample: read-back
    Seq(loss, alerts, stats)
  }
}
