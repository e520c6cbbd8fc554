package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.model.TrainedModels;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job that trains on version 2 of a Delta table, publishes the model and writes a Delta table:
 * the {@code runs} and {@code models} views and {@code MLOps.inputsOf} name that table and
 * version, and time travel reads the exact training data back after the table moved on.
 */
class TrainingInputsTest {

  private static final SparkSession spark = TestSpark.session();
  /**
   * The catalog's name here: Spark keeps a catalog's instance, with the store it was made with,
   * for the session's life, so a name another test made ({@code mlops}) would read its store.
   */
  private static final String CATALOG = "training_store";
  private static Path root;
  private static String training;
  private static String scores;
  private static String runId;
  private static MLOps finished;

  @BeforeAll
  static void train() {
    root = TestSpark.newStoreRoot("training inputs");
    Path data = root.resolveSibling("data");
    training = data.resolve("customers").toString();
    scores = data.resolve("scores").toString();
    for (int i = 0; i < 3; i++) { // versions 0, 1, 2
      TrainedModels.data().write().format("delta").mode("append").save(training);
    }
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LINEAGE_ENABLED, "true");
    try {
      MLOps mlops = MLOps.init(spark);
      runId = mlops.context().runId();
      Dataset<Row> customers = spark.read().format("delta").load(training);
      PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
          new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
          new LogisticRegression().setMaxIter(5)}).fit(customers);
      mlops.publishModel("churn", model);
      mlops.models().transition("churn", 1, Stage.PRODUCTION);
      customers.selectExpr("label AS score").write().format("delta").save(scores);
      assertTrue(mlops.done().complete());
      finished = mlops;
    } finally {
      spark.conf().unset(MLOpsConfig.LINEAGE_ENABLED);
      spark.conf().unset(MLOpsConfig.STORE);
    }
    // the table moves on after training
    TrainedModels.data().write().format("delta").mode("append").save(training);
    spark.conf().set("spark.sql.catalog." + CATALOG, MLOpsCatalog.class.getName());
    spark.conf().set("spark.sql.catalog." + CATALOG + ".store", root.toString());
  }

  @AfterAll
  static void forget() {
    spark.conf().unset("spark.sql.catalog." + CATALOG);
    spark.conf().unset("spark.sql.catalog." + CATALOG + ".store");
  }

  @Test
  void oneQueryTellsWhichDeltaVersionOfWhichTableTrainedProduction() {
    // docs/models.md's query, on this test's catalog
    List<Row> rows = spark.sql(("SELECT m.name, m.version, i.path, i.table_name, "
        + "i.version AS data_version "
        + "FROM mlops.models m LATERAL VIEW explode(m.training_inputs) AS i "
        + "WHERE m.stage = 'Production' AND i.format = 'delta'")
        .replace("FROM mlops.", "FROM " + CATALOG + ".")).collectAsList();
    assertEquals(1, rows.size(), rows.toString());
    Row row = rows.get(0);
    assertEquals("churn", row.getAs("name"));
    assertEquals(1L, (long) row.getAs("version"));
    assertEquals(uri(training), row.getAs("path"));
    assertTrue(row.isNullAt(row.fieldIndex("table_name")), "read by its path");
    assertEquals(2L, (long) row.getAs("data_version"));
  }

  @Test
  void theRunsViewListsWhatTheRunReadAndWroteOnce() {
    Row run = spark.sql("SELECT * FROM " + CATALOG + ".runs WHERE run_id = '" + runId + "'")
        .first();
    List<Row> inputs = run.getList(run.fieldIndex("inputs"));
    assertEquals(1, inputs.stream().filter(i -> uri(training).equals(i.getAs("path"))).count(),
        "read by several queries, listed once: " + inputs);
    Row customers = inputs.stream().filter(i -> uri(training).equals(i.getAs("path")))
        .findFirst().orElseThrow();
    assertEquals("delta", customers.getAs("format"));
    assertEquals(2L, (long) customers.getAs("version"));
    List<Row> outputs = run.getList(run.fieldIndex("outputs"));
    Row written = outputs.stream().filter(o -> uri(scores).equals(o.getAs("path"))).findFirst()
        .orElseThrow(() -> new AssertionError(outputs));
    assertEquals(0L, (long) written.getAs("version"));
    assertEquals(List.of("models:/churn/1"), run.getList(run.fieldIndex("models")));
  }

  @Test
  void inputsOfAModelAreItsTrainingRunsLineageRowsAndReadBackWithTimeTravel() {
    Dataset<Row> inputs = finished.inputsOf("models:/churn/1");
    Dataset<Row> lineage = spark.read().format("mlops").option("store", root.toString())
        .option("table", "lineage").load();
    assertEquals(lineage.schema(), inputs.schema(), "the lineage table's columns");
    assertEquals(lineage.where("direction = 'input' AND run_id = '" + runId + "'").count(),
        inputs.count());
    List<Row> delta = inputs.where("format = 'delta'").collectAsList();
    assertTrue(delta.stream().map(r -> r.getAs("execution_id")).distinct().count() >= 2,
        "read by the fit and by the write of the scores: " + delta);
    for (Row r : delta) {
      assertEquals(uri(training), r.getAs("path"));
      assertEquals(2L, (long) r.getAs("version"));
      assertEquals(runId, r.getAs("run_id"));
    }
    assertEquals(inputs.count(), finished.inputsOf("models:/churn/Production").count());

    // docs/lineage.md's reading back
    Row input = finished.inputsOf("models:/churn/Production").where("format = 'delta'")
        .select("path", "version").distinct().first();
    long exact = spark.read().format("delta").option("versionAsOf", input.<Long>getAs("version"))
        .load(input.<String>getAs("path")).count();
    assertEquals(3 * TrainedModels.data().count(), exact);
    assertEquals(4 * TrainedModels.data().count(),
        spark.read().format("delta").load(training).count(), "the table moved on since");
  }

  @Test
  void inputsOfAnUnknownModelIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> finished.inputsOf("models:/nope/1"));
    assertTrue(e.getMessage().contains("No model named 'nope'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> finished.inputsOf("models:/churn/7"));
    assertTrue(e.getMessage().contains("churn"), e.getMessage());
  }

  /** A local path as Spark names it in plans: file: and the absolute path. */
  private static String uri(String path) {
    return "file:" + Path.of(path).toAbsolutePath();
  }
}
