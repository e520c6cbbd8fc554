package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.model.TrainedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import scala.jdk.javaapi.CollectionConverters;

/** The registry's tables and views through format("mlops") and the catalog. */
class ModelViewsTest {

  private static final SparkSession spark = TestSpark.session();
  private static Path root;
  private static String runId;
  private static Instant whileVersion1;
  private static ModelVersion v2;

  @BeforeAll
  static void publish() {
    root = TestSpark.newStoreRoot("model-views");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MLAPP, "trainer");
    MLOps mlops = MLOps.init(spark);
    runId = mlops.context().runId();
    mlops.setStat("max_iter", "20", StatCategory.CONFIG)
        .setStat("reg", 0.1, StatCategory.CONFIG)
        .setStat("loss", 0.5)
        .setStat("loss", 0.3);
    PipelineModel model = TrainedModels.classifier();
    mlops.publishModel("churn", model);
    v2 = mlops.publishModel("churn", model);
    mlops.models().transition("churn", 1, Stage.PRODUCTION);
    // the transition's time was taken before it committed; the next one must come strictly after,
    // at the microseconds the store keeps
    whileVersion1 = Instant.now();
    awaitClockPast(whileVersion1);
    mlops.models().transition("churn", 2, Stage.PRODUCTION, true, "better");
    mlops.models().setAlias("churn", "champion", 2);
    mlops.models().setTag("churn", 2, "reviewed", "yes");
    mlops.models().logMetrics(v2, Map.of("auc", 0.91));
    mlops.models().setModelTag("churn", "team", "growth");
    assertTrue(mlops.done().complete());
    spark.conf().unset(MLOpsConfig.MLAPP);
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().set("spark.sql.catalog.registry", MLOpsCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.registry.store", root.toString());
  }

  @AfterAll
  static void forget() {
    spark.conf().unset("spark.sql.catalog.registry");
    spark.conf().unset("spark.sql.catalog.registry.store");
  }

  @Test
  void theModelsViewHasOneRowPerVersionAsItStands() {
    Dataset<Row> models = spark.read().format("mlops").option("store", root.toString())
        .option("table", "models").load();
    assertEquals(2, models.count());
    Row production = models.where("stage = 'Production'").first();
    assertEquals(2L, production.<Long>getAs("version"));
    assertEquals(List.of("champion"), production.getList(production.fieldIndex("aliases")));
    assertEquals(Map.of("reviewed", "yes"), javaMap(production.getMap(production.fieldIndex("tags"))));
    assertEquals(Map.of("auc", 0.91), javaMap(production.getMap(production.fieldIndex("metrics"))));
    assertEquals(v2.checksum(), production.getAs("checksum"));
    assertEquals(v2.location(), production.getAs("location"));
    assertEquals(runId, production.getAs("run_id"));
    assertEquals("trainer", production.getAs("mlapp"));
    assertEquals(Map.of("team", "growth"), javaMap(production.getMap(production.fieldIndex("model_tags"))));
    assertEquals("Archived", models.where("version = 1").first().getAs("stage"));

    assertEquals(List.of(2L), spark.sql("SELECT version FROM registry.models WHERE name = 'churn' "
        + "AND array_contains(aliases, 'champion')").as(Encoders.LONG()).collectAsList());
    assertEquals(2, spark.sql("SELECT * FROM registry.model_versions").count());
  }

  @Test
  void theHistoryAnswersWhichVersionWasInProductionAtATime() {
    String query = "SELECT version FROM registry.model_history WHERE name = 'churn' AND action = "
        + "'STAGE' AND to_stage = 'Production' AND time <= TIMESTAMP'%s' ORDER BY event_seq DESC LIMIT 1";
    assertEquals(List.of(1L), spark.sql(String.format(query, Timestamp.from(whileVersion1)))
        .as(Encoders.LONG()).collectAsList());
    assertEquals(List.of(2L), spark.sql(String.format(query, Timestamp.from(Instant.now())))
        .as(Encoders.LONG()).collectAsList());
    Row archived = spark.read().format("mlops").option("store", root.toString())
        .option("table", "model_history").option("name", "churn").load()
        .where("to_stage = 'Archived'").first();
    assertEquals(1L, archived.<Long>getAs("version"));
    assertEquals("archived as version 2 went to Production", archived.getAs("reason"));
  }

  @Test
  void theRunsViewHasParametersLastMetricsAndModels() {
    Row run = spark.sql("SELECT * FROM registry.runs WHERE run_id = '" + runId + "'").first();
    assertEquals("trainer", run.getAs("mlapp"));
    assertEquals(Map.of("max_iter", "20", "reg", "0.1"), javaMap(run.getMap(run.fieldIndex("params"))));
    assertEquals(0.3, javaMap(run.<Double, Double>getMap(run.fieldIndex("metrics"))).get("loss"));
    assertEquals(List.of("models:/churn/1", "models:/churn/2"), run.getList(run.fieldIndex("models")));
    assertEquals(4L, run.<Long>getAs("stats") - 1, "4 stats reported, 1 metric logged on a version");
    assertTrue(!run.<Timestamp>getAs("start").after(run.<Timestamp>getAs("end")));
  }

  @Test
  void viewsRefuseTimeTravelAndStreaming() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark.sql("SELECT * FROM registry.models VERSION AS OF 1").count());
    assertTrue(e.getMessage().contains("no versions to travel to"), e.getMessage());
    assertThrows(Exception.class, () -> spark.readStream().format("mlops")
        .option("store", root.toString()).option("table", "runs").load()
        .writeStream().format("memory").queryName("runs_stream").start().stop());
  }

  @Test
  void viewsOfWhatIsNotAStoreAreErrorsNamingThePathAsTheRegistrySays() throws IOException {
    Path file = TestSpark.newStoreRoot("views of a file");
    Files.writeString(file, "not a store");
    for (String view : List.of("models", "runs")) {
      assertRejected("The MLOps store root " + file + " is a file", () -> view(file, view).count());
    }
    Path parquet = TestSpark.newStoreRoot("views of parquet");
    spark.range(3).write().parquet(parquet.resolve("model_versions").toString());
    spark.range(3).write().parquet(parquet.resolve("stats").toString());
    String notATable = parquet.resolve("model_versions") + " is not a Delta table";
    assertRejected(notATable, () -> view(parquet, "models").count());
    assertRejected(parquet.resolve("stats") + " is not a Delta table",
        () -> view(parquet, "runs").count());
    assertRejected(notATable, () -> onStore(parquet, mlops -> mlops.models().names()));
  }

  @Test
  void viewsOfAStoreNotWrittenYetAreEmptyAsTheRegistryIs() throws IOException {
    Path missing = TestSpark.newStoreRoot("views of nothing yet");
    Path empty = Files.createDirectories(TestSpark.newStoreRoot("views of an empty folder"));
    for (Path root : List.of(missing, empty)) {
      assertEquals(0, view(root, "models").count());
      assertEquals(0, view(root, "runs").count());
      assertEquals(List.of(), onStore(root, mlops -> mlops.models().names()));
    }
  }

  /** What a user's delta-spark UPDATE can do: one version's location pointing out of the store. */
  @Test
  void aTamperedLocationShowsAsAProblemNotAFailedView() throws IOException {
    Path tampered = TestSpark.newStoreRoot("tampered location");
    Path onnx = Files.writeString(tampered.resolveSibling("model.onnx"), "weights");
    ModelVersion kept = onStore(tampered, mlops -> {
      mlops.models().publishArtifact("scorer", onnx.toString(), "onnx");
      return mlops.models().publishArtifact("scorer", onnx.toString(), "onnx");
    });
    spark.sql("UPDATE delta.`" + tampered.resolve("model_versions")
        + "` SET location = '/etc/passwd' WHERE version = 1");

    List<Row> rows = view(tampered, "models").orderBy("version").collectAsList();
    assertEquals(2, rows.size(), "every version shows");
    Row bad = rows.get(0);
    assertTrue(bad.isNullAt(bad.fieldIndex("location")));
    String problem = bad.getAs("problem");
    assertTrue(problem.contains("/etc/passwd"), problem);
    assertEquals("scorer", bad.getAs("name"));
    assertEquals("None", bad.getAs("stage"));
    Row good = rows.get(1);
    assertEquals(kept.location(), good.<String>getAs("location"));
    assertTrue(good.isNullAt(good.fieldIndex("problem")));
    assertEquals(List.of(2L), onStore(tampered, mlops -> mlops.models().versions("scorer")
        .stream().map(ModelVersion::version).toList()), "the registry lists the others too");
  }

  @Test
  void theCatalogRefusesToDropRenameOrAlterItsTables() {
    for (String statement : List.of("DROP TABLE registry.stats",
        "ALTER TABLE registry.model_versions RENAME TO registry.versions",
        "ALTER TABLE registry.stats ADD COLUMNS (extra INT)",
        "ALTER TABLE registry.events SET TBLPROPERTIES ('k' = 'v')")) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> spark.sql(statement), statement);
      assertTrue(e.getMessage().contains("The registry catalog is read-only"), e.getMessage());
    }
    assertEquals(2, spark.sql("SELECT * FROM registry.model_versions").count(), "still there");
  }

  private static Dataset<Row> view(Path store, String view) {
    return spark.read().format("mlops").option("store", store.toString()).option("table", view)
        .load();
  }

  /** What {@code use} makes of an MLOps instance of a job writing to {@code store}. */
  private static <T> T onStore(Path store, Function<MLOps, T> use) {
    spark.conf().set(MLOpsConfig.STORE, store.toString());
    MLOps mlops = MLOps.init(spark);
    try {
      return use.apply(mlops);
    } finally {
      mlops.done();
      spark.conf().unset(MLOpsConfig.STORE);
    }
  }

  private static void assertRejected(String fragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  /** Waits until the clock's microseconds (what the store keeps) are past {@code time}. */
  private static void awaitClockPast(Instant time) {
    Instant past = time.truncatedTo(ChronoUnit.MICROS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Instant.now().truncatedTo(ChronoUnit.MICROS).isAfter(past)) {
      assertTrue(System.nanoTime() < deadline, "the clock did not move past " + time);
      Thread.onSpinWait();
    }
  }

  private static <K, V> Map<K, V> javaMap(scala.collection.Map<K, V> map) {
    return CollectionConverters.asJava(map);
  }
}
