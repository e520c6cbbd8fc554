package io.github.sparkmlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gated transitions on real MLlib pipelines, a real store and its real events table. */
@Timeout(600)
class ModelGateTest {

  private final SparkSession spark = TestSpark.session();
  private String root;
  private MLOps mlops;

  @BeforeEach
  void freshStore() {
    root = TestSpark.newStoreRoot("gates").toString();
    spark.conf().set(MLOpsConfig.STORE, root);
    mlops = MLOps.init(spark);
  }

  @AfterEach
  void done() {
    mlops.done();
    spark.conf().unset(MLOpsConfig.STORE);
  }

  @Test
  void aCandidateAboveTheMetricMovesAndOneBelowIsRefusedWithOneHistoryRow() {
    ModelRegistry models = mlops.models();
    mlops.publishModel("churn", TrainedModels.classifier(),
        PublishOptions.none().metric("accuracy", 0.9));
    ModelVersion weaker = mlops.publishModel("churn", TrainedModels.classifier());
    models.logMetrics(weaker, Map.of("accuracy", 0.7));
    models.transition("churn", 2, Stage.STAGING);
    models.setAlias("churn", "challenger", 2);
    Gate gate = Gate.of(Gate.metricAtLeast("accuracy", 0.8));

    assertEquals(Stage.PRODUCTION, models.transition("churn", 1, Stage.PRODUCTION, gate).stage());
    assertEquals("gate held: metric accuracy at least 0.8", history()
        .where("version = 1 AND action = 'STAGE'").first().getAs("reason"));

    long rowsBefore = history().count();
    GateRefusedException refused = assertThrows(GateRefusedException.class,
        () -> models.transition("churn", 2, Stage.PRODUCTION, gate));
    assertEquals(List.of("accuracy 0.7 < 0.8"), refused.failures());
    assertEquals("models:/churn/2 was not moved to Production: 1 of 1 gate conditions failed: "
        + "accuracy 0.7 < 0.8", refused.getMessage());

    // nothing moved: stage, aliases, Production as before; one refusal row, nothing else
    ModelVersion after = models.get("models:/churn/2");
    assertEquals(Stage.STAGING, after.stage());
    assertEquals(Set.of("challenger"), after.aliases());
    assertEquals(1, models.get("models:/churn/Production").version());
    assertEquals(rowsBefore + 1, history().count());
    Row refusal = history().orderBy(functions.col("event_seq").desc()).first();
    assertEquals("TRANSITION_REFUSED", refusal.getAs("action"));
    assertEquals(2L, (long) refusal.<Long>getAs("version"));
    assertEquals("Staging", refusal.getAs("from_stage"));
    assertEquals("Production", refusal.getAs("to_stage"));
    assertEquals("accuracy 0.7 < 0.8", refusal.getAs("reason"));
    assertEquals(mlops.context().runId(), refusal.getAs("run_id"));

    // a version already in the stage stays there: no condition checked, nothing recorded
    Gate unmet = Gate.of(Gate.metricAtLeast("accuracy", 0.95));
    assertEquals(1, models.transition("churn", 1, Stage.PRODUCTION, unmet).version());
    assertEquals(rowsBefore + 1, history().count());
  }

  @Test
  void noAlertSinceRefusesAfterAFlushedDataAlertAndPassesWithoutOne() {
    ModelRegistry models = mlops.models();
    Instant start = Instant.now();
    for (int i = 0; i < 3; i++) {
      mlops.publishModel("fraud", TrainedModels.classifier());
    }
    mlops.event(Event.builder(EventType.GENERIC, "not an alert").build());
    mlops.flush();
    assertEquals(Stage.STAGING,
        models.transition("fraud", 1, Stage.STAGING, Gate.of(Gate.noAlertSince(start))).stage());

    mlops.dataAlert("null features", "12% of rows have a null 'age'");
    mlops.flush();
    Instant alerted = spark.read().format("delta").load(root + "/events")
        .where("type = 'DATA_ALERT'").first().<Timestamp>getAs("time").toInstant();
    GateRefusedException refused = assertThrows(GateRefusedException.class,
        () -> models.transition("fraud", 2, Stage.STAGING, Gate.of(Gate.noAlertSince(start))));
    assertEquals(List.of("1 alert since " + start + ": DATA_ALERT 'null features' at " + alerted),
        refused.failures());
    assertEquals(Stage.NONE, models.get("models:/fraud/2").stage());

    // an alert before the time asked about does not count
    Instant later = Instant.now();
    assertEquals(Stage.STAGING,
        models.transition("fraud", 3, Stage.STAGING, Gate.of(Gate.noAlertSince(later))).stage());
  }

  @Test
  void everyFailedConditionIsNamedAndTheOthersAreNot() {
    ModelRegistry models = mlops.models();
    mlops.publishModel("price", TrainedModels.classifier(),
        PublishOptions.none().metric("rmse", 0.7).metric("r2", 0.6));
    Instant start = Instant.now();
    mlops.healthAlert("accuracy fell", "below 0.6");
    mlops.flush();
    GateCondition broken = new GateCondition() {
      @Override
      public Optional<String> check(GateCheck candidate) {
        throw new IllegalStateException("the baseline is gone");
      }

      @Override
      public String toString() {
        return "no drift";
      }
    };
    GateCondition seesTheCandidate = candidate -> candidate.name().equals("price")
        && candidate.target() == Stage.PRODUCTION && candidate.production().isEmpty()
        && candidate.version().version() == 1 && candidate.registry() == models
        ? Optional.empty() : Optional.of("wrong candidate " + candidate);
    Gate gate = Gate.of(Gate.metricAtMost("rmse", 0.5), Gate.metricAtLeast("r2", 0.5))
        .and(Gate.metricAtLeast("accuracy", 0.8))
        .and(broken)
        .and(seesTheCandidate)
        .and(Gate.noAlertSince(start));

    GateRefusedException refused = assertThrows(GateRefusedException.class,
        () -> models.transition("price", 1, Stage.PRODUCTION, gate));
    assertEquals(4, refused.failures().size(), refused.failures().toString());
    assertEquals("rmse 0.7 > 0.5", refused.failures().get(0));
    assertEquals("models:/price/1 has no metric 'accuracy' (its metrics are r2, rmse)",
        refused.failures().get(1));
    assertEquals("no drift could not be checked: the baseline is gone", refused.failures().get(2));
    assertTrue(refused.failures().get(3).startsWith("1 alert since " + start
        + ": HEALTH_ALERT 'accuracy fell' at "), refused.failures().get(3));
    assertTrue(refused.getMessage().startsWith(
        "models:/price/1 was not moved to Production: 4 of 6 gate conditions failed: "
            + "rmse 0.7 > 0.5; models:/price/1 has no metric 'accuracy'"), refused.getMessage());
    assertEquals(String.join("; ", refused.failures()),
        history().where("action = 'TRANSITION_REFUSED'").first().getAs("reason"));
    assertTrue(gate.toString().startsWith("metric rmse at most 0.5 and metric r2 at least 0.5 and "
        + "metric accuracy at least 0.8 and no drift and "), gate.toString());
    assertTrue(gate.toString().endsWith(" and no alert since " + start), gate.toString());
  }

  @Test
  void badGatesAreRefusedBeforeAnythingIsRead() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, Gate::of);
    assertTrue(none.getMessage().startsWith("conditions must hold at least one condition"),
        none.getMessage());
    assertEquals("conditions[1] must not be null", assertThrows(IllegalArgumentException.class,
        () -> Gate.of(Gate.metricAtLeast("auc", 0.5), null)).getMessage());
    assertEquals("min must be a number, got NaN", assertThrows(IllegalArgumentException.class,
        () -> Gate.metricAtLeast("auc", Double.NaN)).getMessage());
    assertEquals("metric must not be empty", assertThrows(IllegalArgumentException.class,
        () -> Gate.metricAtMost("", 1)).getMessage());
    assertEquals("since must not be null", assertThrows(IllegalArgumentException.class,
        () -> Gate.noAlertSince(null)).getMessage());
    assertEquals("gate must not be null", assertThrows(IllegalArgumentException.class,
        () -> mlops.models().transition("any", 1, Stage.PRODUCTION, null)).getMessage());
  }

  private Dataset<Row> history() {
    return spark.read().format("delta").load(root + "/model_history");
  }
}
