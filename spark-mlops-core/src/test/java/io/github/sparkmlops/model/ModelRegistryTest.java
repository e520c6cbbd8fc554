package io.github.sparkmlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The model registry through the facade, on real MLlib pipelines and real Delta tables. */
@Timeout(600)
class ModelRegistryTest {

  private final SparkSession spark = TestSpark.session();
  private Path root;
  private MLOps mlops;

  @BeforeEach
  void freshStore() {
    // a store path with a space: model files are saved and loaded through Hadoop paths
    root = TestSpark.newStoreRoot("models").resolveSibling("my store");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    mlops = MLOps.init(spark);
  }

  @AfterEach
  void done() {
    mlops.done();
    spark.conf().unset(MLOpsConfig.STORE);
  }

  @Test
  void aPublishedPipelineLoadsBackAndPredictsTheSame() {
    PipelineModel model = TrainedModels.classifier();
    mlops.setDataDistributionStat("training", TrainedModels.data());
    ModelVersion v1 = mlops.publishModel("churn", model, PublishOptions.none()
        .description("logistic regression").tag("team", "growth").metric("train_auc", 0.9)
        .signature(TrainedModels.data().drop("label").schema()));
    assertEquals("churn", v1.name());
    assertEquals(1, v1.version());
    assertEquals(PipelineModel.class.getName(), v1.format());
    assertEquals(Stage.NONE, v1.stage());
    assertEquals(Map.of("team", "growth"), v1.tags());
    assertEquals(Map.of("train_auc", 0.9), v1.metrics());
    assertEquals("training", v1.profile().orElseThrow());
    assertEquals(mlops.context(), v1.context());
    assertTrue(v1.location().startsWith(root.toString() + "/model_files/churn/"), v1.location());
    assertEquals(64, v1.checksum().length());
    assertTrue(v1.sizeBytes() > 0);

    for (String uri : List.of("models:/churn/1", "models:/churn/latest", "models:/churn/none")) {
      PipelineModel loaded = mlops.loadModel(uri, PipelineModel.class);
      assertEquals(TrainedModels.predictions(model), TrainedModels.predictions(loaded), uri);
    }
    ModelVersion v2 = mlops.publishModel("churn", model);
    assertEquals(2, v2.version());
    assertEquals("models:/churn/2", mlops.models().get("models:/churn/latest").uri());
    assertEquals(List.of("churn"), mlops.models().names());

    // delta-spark reads the registry's tables, and the mlops views agree
    Dataset<Row> versions = spark.read().format("delta").load(root + "/model_versions");
    assertEquals(2, versions.count());
    assertEquals(v1.checksum(), versions.where("version = 1").first().getAs("checksum"));

    mlops.models().checkSignature(v1, TrainedModels.data());
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> mlops.models().checkSignature(v1, TrainedModels.data().drop("x2")
            .withColumn("x1", org.apache.spark.sql.functions.col("x1").cast("string"))));
    assertTrue(mismatch.getMessage().contains("column 'x1' is string, the model expects double")
        && mismatch.getMessage().contains("column 'x2' (double) is missing"), mismatch.getMessage());
    assertThrows(IllegalStateException.class,
        () -> mlops.models().checkSignature(v2, TrainedModels.data()));
  }

  @Test
  void stagesAliasesAndTagsMoveAndTheHistoryAnswersForAnyTime() {
    PipelineModel model = TrainedModels.classifier();
    for (int i = 0; i < 3; i++) {
      mlops.publishModel("fraud", model);
    }
    ModelRegistry models = mlops.models();
    assertEquals(Stage.PRODUCTION, models.transition("fraud", 1, Stage.PRODUCTION).stage());
    Instant firstInProduction = Instant.now();
    awaitClockPast(firstInProduction);
    models.transition("fraud", 2, Stage.STAGING);
    models.transition("fraud", 2, Stage.PRODUCTION, true, "better recall");
    assertEquals(Stage.ARCHIVED, models.get("models:/fraud/1").stage());
    assertEquals(2, models.get("models:/fraud/PRODUCTION").version());
    assertEquals(2, models.get("models:/fraud/production").version());
    assertEquals(1, models.getAt("models:/fraud/Production", firstInProduction).orElseThrow().version());
    assertTrue(models.getAt("models:/fraud/Production", Instant.parse("2020-01-01T00:00:00Z")).isEmpty());

    // archiving the others also when the version is in Production already
    models.transition("fraud", 3, Stage.PRODUCTION);
    assertEquals(2, models.versions("fraud").stream().filter(v -> v.stage() == Stage.PRODUCTION).count());
    models.transition("fraud", 2, Stage.PRODUCTION, true, "only one");
    assertEquals(Stage.ARCHIVED, models.get("models:/fraud/3").stage());
    models.transition("fraud", 3, Stage.NONE);

    models.setAlias("fraud", "champion", 1);
    models.setAlias("fraud", "champion", 3);
    assertEquals(3, models.get("models:/fraud@champion").version());
    assertEquals(java.util.Set.of("champion"), models.get("models:/fraud/3").aliases());
    assertTrue(models.get("models:/fraud/1").aliases().isEmpty(), "one alias, one version");

    models.setTag("fraud", 3, "reviewed", "yes");
    models.setTag("fraud", 3, "owner", "ana");
    models.removeTag("fraud", 3, "owner");
    assertEquals(Map.of("reviewed", "yes"), models.get("models:/fraud/3").tags());
    models.setModelTag("fraud", "domain", "payments");
    models.setModelTag("fraud", "owner", "risk");
    assertEquals(Map.of("domain", "payments", "owner", "risk"), models.modelTags("fraud"));
    models.removeModelTag("fraud", "owner");
    models.removeModelTag("fraud", "owner"); // not there any more: records nothing
    assertEquals(Map.of("domain", "payments"), models.modelTags("fraud"));

    // moving a version to the stage it is in records nothing
    long before = spark.read().format("delta").load(root + "/model_history").count();
    models.transition("fraud", 2, Stage.PRODUCTION);
    assertEquals(before, spark.read().format("delta").load(root + "/model_history").count());
    Dataset<Row> history = spark.read().format("delta").load(root + "/model_history");
    assertEquals(java.util.stream.LongStream.rangeClosed(1, 15).boxed().toList(),
        history.orderBy("event_seq").select("event_seq").as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList());
    assertEquals("better recall", history.where("version = 2 AND to_stage = 'Production'").first()
        .getAs("reason"));
    assertEquals("owner", history.where("action = 'MODEL_TAG_REMOVED'").first().getAs("key"));

    models.removeAlias("fraud", "champion");
    IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
        () -> models.get("models:/fraud@champion"));
    assertEquals("Model 'fraud' has no alias 'champion'; it has no aliases", alias.getMessage());
    IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
        () -> models.transition("fraud", 9, Stage.STAGING));
    assertEquals("Model 'fraud' has no version 9; its versions are 1 (Archived), 2 (Production), "
        + "3 (None)", version.getMessage());
    IllegalArgumentException stage = assertThrows(IllegalArgumentException.class,
        () -> models.get("models:/fraud/Staging"));
    assertTrue(stage.getMessage().startsWith("Model 'fraud' has no version in stage Staging"),
        stage.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> mlops.loadModel("models:/frod/1", PipelineModel.class));
    assertTrue(name.getMessage().contains("No model named 'frod'")
        && name.getMessage().contains("its models are fraud"), name.getMessage());
  }

  @Test
  void afterDoneTheRegistryStillReadsButNoLongerWrites() {
    mlops.publishModel("kept", TrainedModels.classifier());
    mlops.done();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> mlops.publishModel("kept", TrainedModels.classifier()));
    assertTrue(e.getMessage().contains("done()"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> mlops.models().transition("kept", 1, Stage.STAGING));
    ModelVersion kept = mlops.models().get("models:/kept/1");
    for (Executable change : List.<Executable>of(
        () -> mlops.models().logFeatureImportances(kept, Vectors.dense(1.0, 0.0)),
        () -> mlops.models().logMetrics(kept, Map.of("auc", 0.5)),
        () -> mlops.models().evaluateRegression(kept, TrainedModels.data(), "label"),
        () -> mlops.setStat(kept, "drift", 0.1))) {
      IllegalStateException refused = assertThrows(IllegalStateException.class, change);
      assertTrue(refused.getMessage().contains("done()"), refused.getMessage());
    }
    assertEquals(1, mlops.models().get("models:/kept/latest").version());
    assertEquals(TrainedModels.predictions(TrainedModels.classifier()),
        TrainedModels.predictions(mlops.loadModel("models:/kept/1", PipelineModel.class)));
  }

  @Test
  void namesThatCouldLeaveTheStoreAreRefusedAndWriteNothing() {
    PipelineModel model = TrainedModels.classifier();
    for (String bad : List.of("../escape", "a/b", "a\\b", "..", "a..b", ".hidden", "", "x:y",
        "models:/x")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> mlops.publishModel(bad, model), bad);
      assertTrue(e.getMessage().startsWith("model name must be"), e.getMessage());
    }
    for (String uri : List.of("models:/../x/1", "models:/x/../../1", "models:/x", "model:/x/1",
        "models:/x/0", "models:/x@latest", "models:/x@Production", "models:/x/Prod")) {
      assertThrows(IllegalArgumentException.class, () -> mlops.models().get(uri), uri);
    }
    assertFalse(Files.exists(root), "nothing written anywhere");
  }

  @Test
  void aChangedAddedOrMissingFileIsRefused() throws IOException {
    ModelVersion v = mlops.publishModel("tamper", TrainedModels.classifier());
    Path folder = Path.of(v.location());
    Path data;
    try (Stream<Path> files = Files.walk(folder)) {
      data = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
          .orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      long middle = file.length() / 2;
      file.seek(middle);
      int b = file.read();
      file.seek(middle);
      file.write(b ^ 0x01);
    }
    IllegalStateException changed = assertThrows(IllegalStateException.class,
        () -> mlops.loadModel("models:/tamper/1", PipelineModel.class));
    assertTrue(changed.getMessage().startsWith("Model models:/tamper/1 failed its checksum: file '")
        && changed.getMessage().contains(folder.relativize(data).toString() + "' changed"),
        changed.getMessage());

    ModelVersion v2 = mlops.publishModel("tamper", TrainedModels.classifier());
    Files.writeString(Path.of(v2.location(), "metadata", "extra.txt"), "x");
    IllegalStateException added = assertThrows(IllegalStateException.class,
        () -> mlops.models().verifiedLocation("models:/tamper/2"));
    assertTrue(added.getMessage().contains("file 'metadata/extra.txt' was added"), added.getMessage());

    ModelVersion v3 = mlops.publishModel("tamper", TrainedModels.classifier());
    Path metadata;
    try (Stream<Path> files = Files.list(Path.of(v3.location(), "metadata"))) {
      metadata = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow();
    }
    Files.delete(metadata);
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> mlops.loadModel("models:/tamper/3", PipelineModel.class));
    assertTrue(missing.getMessage().contains("file 'metadata/" + metadata.getFileName()
        + "' is missing"), missing.getMessage());
  }

  @Test
  void aVersionIsPromotedToAnotherStoreWithItsMetadataAndLineage() throws IOException {
    PipelineModel model = TrainedModels.classifier();
    mlops.publishModel("promo", model);
    ModelVersion dev = mlops.publishModel("promo", model, PublishOptions.none()
        .description("candidate").tag("data", "2026-11").metric("auc", 0.93));
    mlops.models().transition("promo", 2, Stage.STAGING);
    Path prodRoot = TestSpark.newStoreRoot("prod");
    ModelVersion prod = mlops.models().promote("models:/promo/Staging", prodRoot.toString());
    assertEquals(1, prod.version(), "the target numbers its own versions");
    assertEquals(dev.checksum(), prod.checksum());
    assertEquals(Map.of("data", "2026-11"), prod.tags());
    assertEquals(Map.of("auc", 0.93), prod.metrics());
    assertEquals("candidate", prod.description());
    assertEquals(root + " models:/promo/2", prod.source().orElseThrow());
    assertEquals(dev.context(), prod.context(), "lineage: the run that trained it");
    assertTrue(prod.location().startsWith(prodRoot.toString()), prod.location());
    Row promoted = spark.read().format("delta").load(prodRoot + "/model_history")
        .where("action = 'PROMOTED'").first();
    assertTrue(promoted.<String>getAs("text").contains("None -> Staging"), promoted.toString());
    MLOps.get().done();
    spark.conf().set(MLOpsConfig.STORE, prodRoot.toString());
    mlops = MLOps.init(spark);
    PipelineModel loaded = mlops.loadModel("models:/promo/1", PipelineModel.class);
    assertEquals(TrainedModels.predictions(model), TrainedModels.predictions(loaded));
    assertThrows(IllegalArgumentException.class,
        () -> mlops.models().promote("models:/promo/1", prodRoot.toString()));
  }

  @Test
  void aFollowedModelSwitchesWhenProductionMovesAndRecordsIt() {
    PipelineModel model = TrainedModels.classifier();
    mlops.publishModel("live", model);
    mlops.publishModel("live", model);
    mlops.models().transition("live", 1, Stage.PRODUCTION);
    LiveModel<PipelineModel> live = mlops.models().follow("models:/live/Production", PipelineModel.class);
    PipelineModel first = live.get();
    assertEquals(1, live.version().version());
    assertSame(first, live.get(), "no change, no reload");
    mlops.models().setTag("live", 2, "unrelated", "change");
    assertSame(first, live.get(), "a change elsewhere resolves again but does not reload");
    mlops.models().transition("live", 2, Stage.PRODUCTION, true, "rollout");
    PipelineModel second = live.get();
    assertNotEquals(first, second);
    assertEquals(2, live.version().version());
    // Production emptied before the next version moves in: the loaded model keeps serving
    mlops.models().transition("live", 2, Stage.ARCHIVED);
    assertSame(second, live.get());
    assertEquals(2, live.version().version());
    mlops.models().transition("live", 1, Stage.PRODUCTION);
    live.get();
    assertEquals(1, live.version().version(), "the next change is tried again");
    mlops.flush();
    assertEquals(1, spark.read().format("delta").load(root + "/events")
        .where("type = 'HEALTH_ALERT' AND title = 'Model not switched: live'").count());
    Dataset<Row> accepted = spark.read().format("delta").load(root + "/events")
        .where("type = 'MODEL_ACCEPTED'").orderBy("time").limit(2);
    assertEquals(List.of("models:/live/1 accepted for models:/live/Production",
            "models:/live/2 accepted for models:/live/Production, replacing version 1"),
        accepted.select("message").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void withReportingDisabledTheRegistryReadsButNothingIsAttachedToAVersion() {
    ModelVersion v = mlops.publishModel("guarded", TrainedModels.classifier());
    mlops.done();
    spark.conf().set(MLOpsConfig.ENABLED, "false");
    try {
      mlops = MLOps.init(spark);
      assertEquals(v.checksum(), mlops.models().get("models:/guarded/1").checksum());
      for (Executable change : List.<Executable>of(
          () -> mlops.models().logFeatureImportances(v, Vectors.dense(1.0, 0.0)),
          () -> mlops.models().logMetrics(v, Map.of("auc", 0.5)),
          () -> mlops.models().evaluateRegression(v, TrainedModels.data(), "label"))) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, change);
        assertTrue(refused.getMessage().contains("spark.mlops.enabled=false"), refused.getMessage());
      }
      mlops.setStat(v, "drift", 0.1); // a report of the facade: a validated no-op
      assertTrue(mlops.flush().complete());
    } finally {
      spark.conf().unset(MLOpsConfig.ENABLED);
    }
    Path stats = root.resolve("stats");
    assertTrue(!Files.exists(stats)
        || spark.read().format("delta").load(stats.toString()).count() == 0, "no stat written");
  }

  @Test
  void aVersionTheStoreDoesNotHoldIsRefusedWhereverAVersionIsGiven() {
    ModelVersion own = mlops.publishModel("fitted", TrainedModels.regressor());
    // another store's version of the same name and number
    ModelVersion foreign = mlops.models().promote("models:/fitted/1",
        TestSpark.newStoreRoot("other").toString());
    assertEquals(own.uri(), foreign.uri());
    ModelVersion ghost = new ModelVersion("ghost", 1, own.format(), own.location(),
        own.checksum(), own.sizeBytes(), own.created(), own.context(), "", Optional.empty(),
        Map.of(), Map.of(), Stage.NONE, Set.of(), Optional.empty(), Optional.empty());
    Map<ModelVersion, String> refusals = Map.of(foreign, "is not a version of the store " + root,
        ghost, "No model named 'ghost'");
    refusals.forEach((version, why) -> {
      for (Executable attach : List.<Executable>of(
          () -> mlops.models().logFeatureImportances(version, Vectors.dense(0.7, 0.3), "x1", "x2"),
          () -> mlops.models().logMetrics(version, Map.of("auc", 0.5)),
          () -> mlops.models().evaluateRegression(version, TrainedModels.data(), "label"),
          () -> mlops.setStat(version, "drift", 0.1))) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, attach);
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
      }
    });
    mlops.models().logFeatureImportances(own, Vectors.dense(0.7, 0.3), "x1", "x2");
    mlops.setStat(own, "drift", 0.1);
    assertTrue(mlops.flush().complete());
    assertEquals(List.of("drift", "feature_importances"), spark.read().format("delta")
        .load(root + "/stats").select("name").orderBy("name")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), "only the store's own version");
    assertEquals(Map.of(), mlops.models().get("models:/fitted/1").metrics());
  }

  @Test
  void promotingIntoAStoreThatCanNeverBeOneIsRefusedBeforeAnythingIsCopied() throws IOException {
    mlops.publishModel("target", TrainedModels.classifier());
    Path file = Files.writeString(root.resolveSibling("a file"), "not a folder");
    for (String target : List.of(file.toString(), file.resolve("store").toString(),
        "nosuchfs://bucket/store")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> mlops.models().promote("models:/target/1", target), target);
      assertTrue(e.getMessage().startsWith("targetStore = " + target + " cannot hold the MLOps "
          + "store"), e.getMessage());
    }
    assertEquals("not a folder", Files.readString(file));

    // someone else's data where the target's registry table would be
    Path notAStore = Files.createDirectories(root.resolveSibling("not a store"));
    Files.createDirectories(notAStore.resolve("model_versions"));
    Files.writeString(notAStore.resolve("model_versions/part-00000.parquet"), "PAR1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mlops.models().promote("models:/target/1", notAStore.toString()));
    assertTrue(e.getMessage().contains("is not a Delta table"), e.getMessage());
    assertFalse(Files.exists(notAStore.resolve("model_files")), "nothing copied");
  }

  @Test
  void evaluationMatchesMLlibAndIsAttachedToTheVersion() {
    PipelineModel classifier = TrainedModels.classifier();
    ModelVersion c = mlops.publishModel("scored", classifier);
    Dataset<Row> predicted = classifier.transform(TrainedModels.data());
    Map<String, Double> metrics = mlops.models().evaluateClassification(c, predicted, "label");
    MulticlassClassificationEvaluator mllib = new MulticlassClassificationEvaluator();
    assertEquals(mllib.setMetricName("accuracy").evaluate(predicted), metrics.get("accuracy"), 1e-12);
    assertEquals(mllib.setMetricName("weightedPrecision").evaluate(predicted), metrics.get("precision"), 1e-12);
    assertEquals(mllib.setMetricName("weightedRecall").evaluate(predicted), metrics.get("recall"), 1e-12);
    assertEquals(mllib.setMetricName("f1").evaluate(predicted), metrics.get("f1"), 1e-12);
    assertEquals(new BinaryClassificationEvaluator().evaluate(predicted), metrics.get("auc"), 1e-12);
    assertEquals(metrics, mlops.models().get("models:/scored/1").metrics());

    PipelineModel regressor = TrainedModels.regressor();
    ModelVersion r = mlops.publishModel("fitted", regressor);
    Dataset<Row> fitted = regressor.transform(TrainedModels.data());
    Map<String, Double> errors = mlops.models().evaluateRegression(r, fitted, "label");
    RegressionEvaluator reg = new RegressionEvaluator();
    for (String metric : List.of("rmse", "mae", "r2")) {
      assertEquals(reg.setMetricName(metric).evaluate(fitted), errors.get(metric), 1e-9, metric);
    }
    mlops.models().logFeatureImportances(r, org.apache.spark.ml.linalg.Vectors.dense(0.7, 0.3),
        "x1", "x2");
    mlops.setStat(r, "drift", 0.02);
    mlops.flush();
    Dataset<Row> attached = spark.read().format("delta").load(root + "/stats")
        .where("model_name = 'fitted' AND model_version = 1");
    assertEquals(List.of("drift", "feature_importances", "mae", "r2", "rmse"),
        attached.select("name").orderBy("name").as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    Row matrix = spark.read().format("delta").load(root + "/stats")
        .where("model_name = 'scored' AND name = 'confusion_matrix'").first();
    assertEquals(List.of("actual", "predicted 0", "predicted 1"),
        matrix.<Row>getAs("table").getList(0));
  }

  /** Waits until the clock reads a later millisecond than {@code time}, so changes made now are later. */
  private static void awaitClockPast(Instant time) {
    Instant deadline = time.plusSeconds(5);
    while (!Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(time)) {
      assertTrue(Instant.now().isBefore(deadline), "the clock did not move");
      Thread.onSpinWait();
    }
  }
}
