package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.model.Gate;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.PublishOptions;
import io.github.sparkmlops.model.Stage;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The docs' samples of the model registry: publish, evaluate, promote, serve, gate. */
final class ModelSamples {

  private ModelSamples() {}

  static PipelineModel publishAndServe(SparkSession spark, Pipeline pipeline, Dataset<Row> train,
      Dataset<Row> test) {
    // sample: publish
    MLOps mlops = MLOps.init(spark);
    mlops.setDataDistributionStat("training", train);           // becomes the version's profile
    PipelineModel model = pipeline.fit(train);
    ModelVersion v = mlops.publishModel("churn", model, PublishOptions.none()
        .description("GBT on November data").tag("team", "growth")
        .signature(train.drop("label").schema()));              // models:/churn/3
    mlops.models().evaluateClassification(v, model.transform(test), "label");
    mlops.models().transition("churn", v.version(), Stage.PRODUCTION, true, "beats v2 on AUC");
    mlops.models().setAlias("churn", "champion", v.version());

    PipelineModel serving = mlops.loadModel("models:/churn/Production", PipelineModel.class);
    // end sample: publish
    return serving;
  }

  static void gate(MLOps mlops, Dataset<Row> lastWeeksRequests) {
    // sample: gate
    Gate gate = Gate.of(Gate.metricAtLeast("accuracy", 0.8), Gate.metricAtMost("rmse", 0.5))
        .and(Gate.noAlertSince(Instant.now().minus(Duration.ofHours(24))))
        .and(mlops.health().noDrift(lastWeeksRequests));
    mlops.models().transition("churn", 4, Stage.PRODUCTION, gate);
    // models:/churn/4 was not moved to Production: 1 of 3 gate conditions failed: accuracy 0.71 < 0.8
    // end sample: gate
  }
}
