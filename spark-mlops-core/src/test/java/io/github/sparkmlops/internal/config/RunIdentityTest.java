package io.github.sparkmlops.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.value.Require;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run identity settings, read as {@code MLOps.init} reads them: through {@link MLOpsConfig}. */
class RunIdentityTest {

  private static RunIdentity identity(String... keysAndValues) {
    Map<String, String> conf = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      conf.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return MLOpsConfig.from(conf, "app", "file:/tmp/warehouse").identity();
  }

  private static void assertRefused(String expected, String... keysAndValues) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> identity(keysAndValues));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void nothingSetIsNoIdentityAndNoStat() {
    RunIdentity none = identity();
    assertEquals(new RunIdentity(Optional.empty(), Optional.empty(), Map.of()), none);
    assertEquals(Map.of(), none.stats());
  }

  @Test
  void parentNameAndTagsAreStoredAsStatsThatReadBack() {
    RunIdentity id = identity(RunIdentity.PARENT, " scheduled__2026-11-01T00:00:00+00:00 ",
        RunIdentity.NAME, "nightly churn", RunIdentity.TAG_PREFIX + "git.commit", "4f2a9c1",
        RunIdentity.TAG_PREFIX + "team", "growth");
    assertEquals(Optional.of("scheduled__2026-11-01T00:00:00+00:00"), id.parent(), "trimmed");
    assertEquals(Optional.of("nightly churn"), id.name());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("mlops.run.parent", "scheduled__2026-11-01T00:00:00+00:00");
    expected.put("mlops.run.name", "nightly churn");
    expected.put("mlops.run.tag.git.commit", "4f2a9c1");
    expected.put("mlops.run.tag.team", "growth");
    assertEquals(expected, id.stats());
    assertEquals(id, RunIdentity.fromStats(id.stats()));
    id.stats().keySet().forEach(name -> assertTrue(RunIdentity.isStat(name), name));
  }

  @Test
  void anEmptyOrBlankNameIsRefusedNamingTheSetting() {
    assertRefused("spark.mlops.run.name must not be empty", RunIdentity.NAME, "");
    assertRefused("spark.mlops.run.name must not be empty", RunIdentity.NAME, "   ");
    assertRefused("spark.mlops.run.name must contain a visible character", RunIdentity.NAME,
        "\u200B");
    assertRefused("spark.mlops.run.name must not contain control characters (found U+000A",
        RunIdentity.NAME, "a\nb");
  }

  @Test
  void tagKeysFollowTheNameRuleAndLeaveRoomForTheirStatName() {
    String key = "the tag key of spark.mlops.run.tags.<key> ";
    assertRefused(key + "must not be empty", RunIdentity.TAG_PREFIX, "x");
    assertRefused(key + "must not contain control characters (found U+0007 at index 1)",
        RunIdentity.TAG_PREFIX + "a\u0007b", "x");
    assertRefused(key + "must contain a visible character", RunIdentity.TAG_PREFIX + "  ", "x");
    String longest = "k".repeat(RunIdentity.MAX_TAG_KEY_LENGTH);
    RunIdentity id = identity(RunIdentity.TAG_PREFIX + longest, "v");
    // every accepted key makes a valid stat name
    id.stats().keySet().forEach(name -> Require.name("stat name", name));
    assertEquals(Require.MAX_NAME_LENGTH, id.stats().keySet().iterator().next().length());
    assertRefused(key + "must be at most " + RunIdentity.MAX_TAG_KEY_LENGTH + " characters, got "
        + (longest.length() + 1), RunIdentity.TAG_PREFIX + longest + "k", "v");
  }

  @Test
  void tagValuesAndTheParentFollowTheNameRule() {
    assertRefused("spark.mlops.run.tags.team must not be empty", RunIdentity.TAG_PREFIX + "team",
        "");
    assertRefused("spark.mlops.run.tags.team must not contain control characters",
        RunIdentity.TAG_PREFIX + "team", "a\tb");
    assertEquals(Optional.of("p".repeat(256)),
        identity(RunIdentity.PARENT, "p".repeat(256)).parent());
    assertRefused("spark.mlops.run.parent must be at most 256 characters, got 257",
        RunIdentity.PARENT, "p".repeat(257));
    assertRefused("spark.mlops.run.parent must not be empty", RunIdentity.PARENT, " ");
  }

  @Test
  void databricksJobIdsBecomeTagsAndTheJobRunTheParent() {
    RunIdentity id = identity("spark.databricks.job.id", "3822225623902514353",
        "spark.databricks.job.parentRunId", "3851395623902519743",
        "spark.databricks.job.runId", "1234",
        "spark.databricks.clusterUsageTags.clusterId", "0101-120000-abcd1234");
    assertEquals(Optional.of("3851395623902519743"), id.parent());
    assertEquals(Map.of("databricks.job_id", "3822225623902514353",
        "databricks.job_run_id", "3851395623902519743", "databricks.task_run_id", "1234",
        "databricks.cluster_id", "0101-120000-abcd1234"), id.tags());
  }

  @Test
  void withoutAJobRunTheTaskRunIsTheParentAndAnExplicitParentWins() {
    assertEquals(Optional.of("1234"), identity("spark.databricks.job.runId", "1234",
        "spark.databricks.job.parentRunId", " ").parent(), "a blank Databricks setting is absent");
    RunIdentity explicit = identity("spark.databricks.job.runId", "1234",
        RunIdentity.PARENT, "airflow-run-7", RunIdentity.TAG_PREFIX + "databricks.task_run_id",
        "mine");
    assertEquals(Optional.of("airflow-run-7"), explicit.parent());
    assertEquals(Map.of("databricks.task_run_id", "mine"), explicit.tags(),
        "a tag set explicitly wins over the one read from Databricks");
    assertEquals(Optional.empty(),
        identity("spark.databricks.clusterUsageTags.clusterId", "c1").parent(),
        "an interactive cluster has no job run");
  }
}
