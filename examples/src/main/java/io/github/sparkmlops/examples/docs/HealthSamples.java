package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.health.DriftOptions;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.model.ModelVersion;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The docs' samples of health: drift from a model's training data, batch and streaming. */
final class HealthSamples {

  private HealthSamples() {}

  static void drift(MLOps mlops, PipelineModel model, Dataset<Row> trainingData,
      Dataset<Row> todaysRequests, Dataset<Row> scoredStream) throws TimeoutException {
    // sample: drift
    mlops.setDataDistributionStat("training", trainingData);       // the baseline, with its sketches
    ModelVersion v = mlops.publishModel("churn", model);           // records it as v's training profile

    DriftReport r = mlops.health().drift("models:/churn/Production", todaysRequests);
    r.drifted();                          // share of drifted columns >= 0.5
    r.feature("age").method();            // "wasserstein"
    r.feature("age").score();             // 0.69: normed W1, drifted at >= 0.1
    r.feature("age").metrics();           // every metric, by drift table column name

    Dataset<Row> watched = mlops.health().monitor(scoredStream, "models:/churn/Production", "age", "plan");
    watched.writeStream().format("console").start();  // drift per micro-batch, written once per batch
    // end sample: drift
  }

  static Dataset<Row> windowed(MLOps mlops, Dataset<Row> events) {
    // sample: windowed-monitor
    Dataset<Row> watched = mlops.health().monitor(events, "models:/churn/Production",
        DriftOptions.defaults().columns("amount", "country")
            .window("event_time", "10 minutes", "1 minute"));
    // end sample: windowed-monitor
    return watched;
  }
}
