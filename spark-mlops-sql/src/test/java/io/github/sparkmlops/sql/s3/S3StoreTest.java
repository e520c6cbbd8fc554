package io.github.sparkmlops.sql.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.TrainedModels;
import io.github.sparkmlops.run.MaintenanceReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store on S3 (S3Mock through S3A), by one application, as a user has it: the facade writes,
 * the mlops source and delta-spark (with its own S3 log store) read the same rows, a stream reads
 * them, a model is published and loaded, and maintenance compacts and cleans up.
 */
@Timeout(600)
class S3StoreTest {

  private final SparkSession spark = S3TestStore.session();

  @AfterEach
  void unset() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.MAINTENANCE_MIN_FILES);
    spark.conf().unset(MLOpsConfig.MAINTENANCE_FILE_RETENTION);
  }

  @Test
  void aStoreOnS3WorksEndToEnd() throws Exception {
    String root = S3TestStore.newRoot(S3TestStore.BUCKET, "round trip");
    spark.conf().set(MLOpsConfig.STORE, root);
    spark.conf().set(MLOpsConfig.MAINTENANCE_MIN_FILES, "2");
    spark.conf().set(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "1ms");
    MLOps mlops = MLOps.init(spark);
    try {
      assertEquals(1, mlops.setStat("rows", 1).flush().written());
      mlops.setStat("rows", 2);
      PipelineModel model = TrainedModels.classifier();
      ModelVersion v1 = mlops.publishModel("on-s3", model);
      assertTrue(v1.location().startsWith(root + "/model_files/on-s3/"), v1.location());
      assertEquals(TrainedModels.predictions(model),
          TrainedModels.predictions(mlops.loadModel("models:/on-s3/1", PipelineModel.class)));
      assertTrue(mlops.flush().complete());

      Dataset<Row> ours = spark.read().format("mlops").load(root).where("name = 'rows'");
      Dataset<Row> deltas = spark.read().format("delta").load(root + "/stats").where("name = 'rows'");
      assertEquals(List.of(1.0, 2.0), values(ours));
      assertEquals(values(ours), values(deltas));
      assertEquals(1, spark.read().format("mlops").option("table", "models").load(root)
          .where("name = 'on-s3'").count());

      List<Long> streamed = new CopyOnWriteArrayList<>();
      StreamingQuery query = spark.readStream().format("mlops").option("store", root).load()
          .where("name = 'rows'").writeStream()
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> streamed.add(batch.count()))
          .option("checkpointLocation", TestSpark.newStoreRoot("s3 stream checkpoint").toString())
          .trigger(Trigger.AvailableNow())
          .start();
      assertTrue(query.awaitTermination(120_000), "the stream read what was there");
      assertEquals(2L, streamed.stream().mapToLong(Long::longValue).sum());

      MaintenanceReport report = mlops.maintain();
      MaintenanceReport.Table stats = report.tables().get(0);
      assertEquals("stats", stats.name());
      assertTrue(stats.filesCompacted() >= 2 && stats.filesDeleted() >= 2, report.toString());
      assertEquals(List.of(1.0, 2.0), values(spark.read().format("mlops").load(root)
          .where("name = 'rows'")));
      assertEquals(List.of(1.0, 2.0), values(spark.read().format("delta").load(root + "/stats")
          .where("name = 'rows'")));
      assertEquals(TrainedModels.predictions(model),
          TrainedModels.predictions(mlops.loadModel("models:/on-s3/1", PipelineModel.class)));
    } finally {
      mlops.done();
    }
  }

  private static List<Double> values(Dataset<Row> stats) {
    return stats.orderBy("value").select("value").as(org.apache.spark.sql.Encoders.DOUBLE())
        .collectAsList();
  }
}
