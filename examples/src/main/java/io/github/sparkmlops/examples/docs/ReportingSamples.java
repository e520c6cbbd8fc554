package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MLlibVectors;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.Table;
import java.time.Instant;
import java.util.List;
import org.apache.spark.mllib.stat.MultivariateStatisticalSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The docs' samples of reporting from Java: every kind of value, a KPI, an alert, an event. */
final class ReportingSamples {

  private ReportingSamples() {}

  static FlushReport reportEveryKind(SparkSession spark, Dataset<Row> df,
      MultivariateStatisticalSummary summary) {
    // sample: every-kind
    MLOps mlops = MLOps.init(spark);                          // one active instance per SparkContext
    mlops.setStat("rows.read", df.count());                  // a number, TIME_SERIES
    mlops.setStat("model.type", "gbt", StatCategory.CONFIG); // a string
    mlops.setStat("feature.means", MLlibVectors.of(summary.mean()));
    mlops.setStat("age", Histogram.continuous(
        new double[] {Double.NEGATIVE_INFINITY, 18, 65, Double.POSITIVE_INFINITY},
        new double[] {120, 800, 80}), StatCategory.CONFIG);
    mlops.setStat("confusion", Table.builder("predicted yes", "predicted no")
        .namedRow("actual yes", 40, 10).namedRow("actual no", 5, 45).build());
    mlops.setStat("precision", MultiLineGraph.of(List.of("cat", "dog"), new double[] {0.9, 0.7}));
    mlops.setStat("params", OpaqueValue.ofJson("{\"depth\":5}"), StatCategory.CONFIG);
    mlops.setKpi("revenue", 1250.0, Instant.parse("2026-11-01T00:00:00Z"));   // past times are fine
    mlops.dataAlert("null ages", "12% of rows have no age");
    mlops.event(Event.builder(EventType.MODEL_ACCEPTED, "v3 accepted").detailsJson("{\"auc\":0.87}").build());
    FlushReport report = mlops.done();                        // writes everything, then reports
    // end sample: every-kind
    return report;
  }
}
