package io.github.sparkmlops

import java.time.Instant

import io.github.sparkmlops.event.{Event, EventType, Severity}
import io.github.sparkmlops.value.{Histogram, MLlibVectors, MultiLineGraph, Table}
import org.apache.spark.ml.linalg.Vectors
import org.scalatest.funsuite.AnyFunSuite

import scala.jdk.CollectionConverters._

/** The facade used from Scala the way a Databricks Scala notebook cell would use it. */
class MLOpsScalaSuite extends AnyFunSuite {

  private lazy val spark = TestSpark.session()

  test("a notebook reports stats, a KPI and an alert, then reads them with delta-spark") {
    val root = TestSpark.newStoreRoot("scala").toString
    spark.conf.set("spark.mlops.store", root)
    spark.conf.set("spark.mlops.mlapp", "notebook")
    try {
      val mlops = MLOps.init(spark)
      val df = spark.range(0, 1000).toDF("id")
      mlops
        .setStat("rows", df.count().toDouble)
        .setStat("model", "logistic", StatCategory.CONFIG)
        .setStat("coefficients", MLlibVectors.of(Vectors.dense(0.1, -0.2, 0.3)), StatCategory.TIME_SERIES)
        .setStat("id.histogram",
          Histogram.continuous(Array(0.0, 500.0, 1000.0), Array(500.0, 500.0)), StatCategory.CONFIG)
        .setStat("per.class", MultiLineGraph.of(Seq("a", "b").asJava, Array(0.5, 0.25)))
        .setStat("summary", Table.builder("mean", "max").namedRow("id", 499.5, 999).build())
        .setKpi("daily.revenue", 99.5, Instant.parse("2026-10-01T00:00:00Z"))
      mlops.event(Event.builder(EventType.HEALTH_ALERT, "drift on id")
        .severity(Severity.CRITICAL)
        .detailsJson("""{"psi": 0.31}""")
        .build())
      val report = mlops.done()
      assert(report.complete(), report)
      assert(report.written() == 8)

      val stats = spark.read.format("delta").load(s"$root/stats")
      val byName = stats.collect().map(r => r.getAs[String]("name") -> r).toMap
      assert(byName.keySet == Set("rows", "model", "coefficients", "id.histogram", "per.class",
        "summary", "daily.revenue"))
      assert(byName("rows").getAs[Double]("value") == 1000.0)
      assert(byName("model").getAs[String]("text") == "logistic")
      assert(byName("coefficients").getStruct(byName("coefficients").fieldIndex("vector"))
        .getSeq[Double](0) == Seq(0.1, -0.2, 0.3))
      assert(byName("daily.revenue").getAs[java.sql.Timestamp]("time").toInstant ==
        Instant.parse("2026-10-01T00:00:00Z"))
      assert(stats.select("mlapp").distinct().collect().map(_.getString(0)).toSeq == Seq("notebook"))

      val alert = spark.read.format("delta").load(s"$root/events").collect().head
      assert(alert.getAs[String]("severity") == "CRITICAL")
      assert(alert.getAs[Boolean]("is_alert"))
    } finally {
      spark.conf.unset("spark.mlops.store")
      spark.conf.unset("spark.mlops.mlapp")
    }
  }

  test("bad input from Scala gets the same clear exceptions") {
    val e = intercept[IllegalArgumentException] {
      Histogram.continuous(Array(1.0, 0.0), Array(1.0))
    }
    assert(e.getMessage.contains("edges must be strictly increasing"))
  }
}
