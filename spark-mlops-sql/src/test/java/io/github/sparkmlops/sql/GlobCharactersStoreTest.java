package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.model.TrainedModels;
import io.github.sparkmlops.run.MaintenanceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
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
 * Every store operation under a root whose path holds Hadoop's glob characters ({@code [ ] { } * ?})
 * besides a space: Hadoop and Spark read such a path as a pattern unless it is taken literally, so
 * each operation is run here, from writing stats to loading and promoting a model and maintaining
 * the store.
 */
@Timeout(600)
class GlobCharactersStoreTest {

  private static final String GLOB_NAME = "store [a] {b,c} *? 1";

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void unset() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.MAINTENANCE_MIN_FILES);
    spark.conf().unset(MLOpsConfig.MAINTENANCE_FILE_RETENTION);
    spark.conf().unset("spark.sql.catalog.globbed");
    spark.conf().unset("spark.sql.catalog.globbed.store");
  }

  @Test
  void everyStoreOperationWorksUnderARootWithGlobCharacters() throws Exception {
    Path parent = TestSpark.newStoreRoot("glob").getParent();
    Path root = parent.resolve(GLOB_NAME);
    Path prodRoot = parent.resolve("prod " + GLOB_NAME);
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    // maintenance compacts the two commits of stats below and deletes the files it replaced
    spark.conf().set(MLOpsConfig.MAINTENANCE_MIN_FILES, "2");
    spark.conf().set(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "1ms");
    MLOps mlops = MLOps.init(spark);
    try {
      // write stats, publish, load, follow, move through stages
      assertEquals(1, mlops.setStat("rows", 1).flush().written());
      mlops.setStat("rows", 2);
      PipelineModel model = TrainedModels.classifier();
      ModelVersion v1 = mlops.publishModel("globbed", model);
      assertTrue(v1.location().startsWith(root + "/model_files/globbed/"), v1.location());
      PipelineModel loaded = mlops.loadModel("models:/globbed/1", PipelineModel.class);
      assertEquals(TrainedModels.predictions(model), TrainedModels.predictions(loaded));
      mlops.models().transition("globbed", 1, Stage.PRODUCTION);
      LiveModel<PipelineModel> live =
          mlops.models().follow("models:/globbed/Production", PipelineModel.class);
      assertEquals(TrainedModels.predictions(model), TrainedModels.predictions(live.get()));
      mlops.models().logMetrics(v1, java.util.Map.of("auc", 0.9));
      assertTrue(mlops.flush().complete());

      // read: the stats table, the views, the catalog
      Dataset<Row> stats = spark.read().format("mlops").option("store", root.toString()).load()
          .where("name = 'rows' OR name = 'auc'");
      assertEquals(3, stats.count());
      assertEquals(3, spark.read().format("mlops").load(root.toString())
          .where("name = 'rows' OR name = 'auc'").count());
      assertEquals(1, spark.read().format("mlops").option("store", root.toString())
          .option("table", "models").load().where("stage = 'Production'").count());
      assertEquals(1, spark.read().format("mlops").option("store", root.toString())
          .option("table", "runs").load().count());
      spark.conf().set("spark.sql.catalog.globbed", MLOpsCatalog.class.getName());
      spark.conf().set("spark.sql.catalog.globbed.store", root.toString());
      assertEquals(2, spark.sql("SELECT * FROM globbed.stats WHERE name = 'rows'").count());
      assertEquals(1, spark.sql("SELECT * FROM globbed.model_versions").count());

      // read as a stream
      List<Long> streamed = new CopyOnWriteArrayList<>();
      StreamingQuery query = spark.readStream().format("mlops").option("store", root.toString())
          .load().where("name = 'rows'").writeStream()
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> streamed.add(batch.count()))
          .option("checkpointLocation", parent.resolve("checkpoint " + GLOB_NAME).toString())
          .trigger(Trigger.AvailableNow())
          .start();
      assertTrue(query.awaitTermination(120_000), "the stream read what was there");
      assertEquals(2L, streamed.stream().mapToLong(Long::longValue).sum());

      // promote into another such store, and load it there
      ModelVersion promoted = mlops.models().promote("models:/globbed/Production", prodRoot.toString());
      assertEquals(v1.checksum(), promoted.checksum());

      // maintain: the stats are compacted and the replaced files deleted; the model files stay
      MaintenanceReport report = mlops.maintain();
      MaintenanceReport.Table maintained = report.tables().get(0);
      assertEquals("stats", maintained.name());
      assertTrue(maintained.filesCompacted() >= 2 && maintained.filesDeleted() >= 2,
          report.toString());
      assertEquals(3, spark.read().format("mlops").load(root.toString())
          .where("name = 'rows' OR name = 'auc'").count());
      assertEquals(TrainedModels.predictions(model),
          TrainedModels.predictions(mlops.loadModel("models:/globbed/1", PipelineModel.class)));
    } finally {
      mlops.done();
    }
    spark.conf().set(MLOpsConfig.STORE, prodRoot.toString());
    MLOps prod = MLOps.init(spark);
    try {
      assertEquals(TrainedModels.predictions(TrainedModels.classifier()),
          TrainedModels.predictions(prod.loadModel("models:/globbed/1", PipelineModel.class)));
    } finally {
      prod.done();
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      assertEquals(List.of("checkpoint " + GLOB_NAME, "prod " + GLOB_NAME, GLOB_NAME),
          siblings.map(p -> p.getFileName().toString()).sorted().toList(),
          "nothing is written beside the stores");
    }
  }
}
