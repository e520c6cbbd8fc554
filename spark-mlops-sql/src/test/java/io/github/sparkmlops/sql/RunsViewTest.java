package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.RunIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A run's identity (parent, name, tags, Databricks job ids) and parameters, set through Spark's
 * configuration and {@code setParam}, as the {@code runs} view shows them.
 */
class RunsViewTest {

  private static final SparkSession spark = TestSpark.session();
  private static final String TEAM = RunIdentity.TAG_PREFIX + "team";
  private static final String DATABRICKS_JOB = "spark.databricks.job.id";
  private Path root;

  @BeforeEach
  void store() {
    root = TestSpark.newStoreRoot("run identity");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
  }

  @AfterEach
  void unset() {
    for (String key : List.of(MLOpsConfig.STORE, RunIdentity.NAME, RunIdentity.PARENT, TEAM,
        RunIdentity.TAG_PREFIX + "bad\u0001key")) {
      spark.conf().unset(key);
    }
    spark.sparkContext().setLocalProperty(DATABRICKS_JOB, null);
  }

  @Test
  void theRunsViewShowsTheParentNameTagsAndParameters() {
    spark.conf().set(RunIdentity.NAME, "nightly churn");
    spark.conf().set(RunIdentity.PARENT, "scheduled__2026-11-01T00:00:00+00:00");
    spark.conf().set(TEAM, "growth");
    // as a Databricks notebook's thread holds it
    spark.sparkContext().setLocalProperty(DATABRICKS_JOB, "3822225623902514353");
    MLOps mlops = MLOps.init(spark);
    String runId = mlops.context().runId();
    mlops.setParam("maxIter", 20).setParam("solver", "lbfgs").setParam("maxIter", 20);
    assertTrue(mlops.done().complete());

    Row run = runs().where("run_id = '" + runId + "'").first();
    assertEquals("scheduled__2026-11-01T00:00:00+00:00", run.getAs("parent_run_id"));
    assertEquals("nightly churn", run.getAs("name"));
    assertEquals(Map.of("team", "growth", "databricks.job_id", "3822225623902514353"),
        map(run, "tags"));
    assertEquals(Map.of("param.maxIter", "20.0", "param.solver", "lbfgs"), map(run, "params"),
        "the identity is not a parameter");
    assertEquals(1, stats().where("name = 'param.maxIter'").count(),
        "the same value again writes nothing");
    assertEquals(List.of("CONFIG"), stats().where("name = 'mlops.run.name'").select("category")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void aRunWithNoIdentityHasNoneAndWritesNoStatForIt() {
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("rows", 3);
    assertTrue(mlops.done().complete());
    Row run = runs().first();
    assertTrue(run.isNullAt(run.fieldIndex("parent_run_id")));
    assertTrue(run.isNullAt(run.fieldIndex("name")));
    assertEquals(Map.of(), map(run, "tags"));
    assertEquals(1, stats().count());
  }

  @Test
  void badSettingsAreRefusedAtInitAndNothingIsWritten() {
    assertRefusedAtInit(RunIdentity.NAME, " ", "spark.mlops.run.name must not be empty");
    assertRefusedAtInit(RunIdentity.TAG_PREFIX + "bad\u0001key", "x",
        "the tag key of spark.mlops.run.tags.<key> must not contain control characters "
            + "(found U+0001 at index 3)");
    assertRefusedAtInit(RunIdentity.PARENT, "r".repeat(257),
        "spark.mlops.run.parent must be at most 256 characters, got 257");
    assertRefusedAtInit(TEAM, "a\nb", "spark.mlops.run.tags.team must not contain control");
  }

  private void assertRefusedAtInit(String key, String value, String message) {
    spark.conf().set(key, value);
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MLOps.init(spark));
      assertTrue(e.getMessage().contains(message), e.getMessage());
      assertFalse(Files.exists(root), "nothing written: the store folder is not even created");
      assertThrows(IllegalStateException.class, MLOps::get, "no run was started");
    } finally {
      spark.conf().unset(key);
    }
  }

  @Test
  void aParameterSetAgainToAnotherValueIsRefusedNamingBoth() {
    MLOps mlops = MLOps.init(spark);
    mlops.setParam("alpha", 0.1).setParam("kernel", "rbf").setParam("beta", Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mlops.setParam("alpha", 0.2));
    assertEquals("Parameter 'alpha' is already 0.1 in this run; it cannot also be 0.2",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> mlops.setParam("kernel", "linear"));
    assertEquals("Parameter 'kernel' is already 'rbf' in this run; it cannot also be 'linear'",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> mlops.setParam("alpha", "0.1"),
        "a number and its string are two values");
    mlops.setParam("beta", Double.NaN);
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> mlops.setParam("p".repeat(251), 1));
    assertTrue(tooLong.getMessage().contains("name must be at most 250 characters"),
        tooLong.getMessage());
    assertTrue(mlops.done().complete());

    Map<String, String> params = map(runs().first(), "params");
    assertEquals(Map.of("param.alpha", "0.1", "param.kernel", "rbf", "param.beta", "NaN"), params);
    assertEquals(3, stats().count(), "one row per parameter; nothing of the refused calls");
  }

  private Dataset<Row> runs() {
    return spark.read().format("mlops").option("store", root.toString()).option("table", "runs")
        .load();
  }

  private Dataset<Row> stats() {
    return spark.read().format("mlops").option("store", root.toString()).load();
  }

  private static Map<String, String> map(Row row, String column) {
    return CollectionConverters.asJava(row.<String, String>getMap(row.fieldIndex(column)));
  }
}
