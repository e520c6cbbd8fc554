package io.github.sparkmlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An inference stream picks up a new Production model between two micro-batches. */
@Timeout(600)
class ModelStreamTest {

  @Test
  void theNextMicroBatchUsesTheNewProductionModel() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("model-stream");
    Path input = root.resolveSibling("input");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    StreamingQuery query = null;
    try {
      mlops.publishModel("scorer", TrainedModels.classifier());
      mlops.publishModel("scorer", TrainedModels.regressor());
      mlops.models().transition("scorer", 1, Stage.PRODUCTION);
      LiveModel<PipelineModel> live =
          mlops.models().follow("models:/scorer/Production", PipelineModel.class);
      List<String> used = new CopyOnWriteArrayList<>();
      VoidFunction2<Dataset<Row>, Long> score = (batch, id) -> {
        PipelineModel model = live.get();
        long rows = model.transform(batch).count();
        used.add(id + ":" + live.version().version() + ":" + rows);
      };
      TrainedModels.data().limit(10).write().parquet(input.resolve("a").toString());
      query = spark.readStream().schema(TrainedModels.SCHEMA).parquet(input + "/*")
          .writeStream().foreachBatch(score)
          .option("checkpointLocation", root.resolveSibling("checkpoint").toString())
          .start();
      query.processAllAvailable();
      mlops.models().transition("scorer", 2, Stage.PRODUCTION, true, "new model");
      TrainedModels.data().limit(5).write().parquet(input.resolve("b").toString());
      query.processAllAvailable();
      assertEquals(List.of("0:1:10", "1:2:5"), used);
      mlops.flush();
      assertEquals(2, spark.read().format("delta").load(root + "/events")
          .where("type = 'MODEL_ACCEPTED'").count());
    } finally {
      if (query != null) {
        query.stop();
      }
      mlops.done();
      spark.conf().unset(MLOpsConfig.STORE);
    }
  }
}
