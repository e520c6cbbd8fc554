package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.report.StoreReport;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/** The docs' sample of the HTML report, of this instance's store and of any store. */
final class ReportSamples {

  private ReportSamples() {}

  static String report(SparkSession spark, MLOps mlops) {
    // sample: report
    // this application's store, with everything this instance reported so far
    Path page = mlops.report().write(Path.of("/tmp/churn-report.html"));

    // any store, narrowed: one application, a time range, stat-name prefixes, one model
    String html = StoreReport.of(spark, "s3a://bucket/mlops")
        .mlapp("churn").since(Instant.parse("2026-12-01T00:00:00Z"))
        .stats("train.", "score.").model("churn")
        .html();
    // in a Databricks notebook: displayHTML(html) (Scala/Python: the same string)
    // end sample: report
    return html;
  }
}
