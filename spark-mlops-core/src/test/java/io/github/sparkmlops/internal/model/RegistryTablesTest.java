package io.github.sparkmlops.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.model.RegistryState.Action;
import io.github.sparkmlops.internal.store.ModelHistoryRecord;
import io.github.sparkmlops.internal.store.ModelVersionRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.run.RunContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry's commits under concurrent writers, and rows that must not be trusted. */
@Timeout(600)
class RegistryTablesTest {

  private static final RunContext CONTEXT = new RunContext("app", "pipe", "node", "run", "host");

  @Test
  void concurrentChangesOfSeveralRowsNeverShareANumberAndApplyToTheStateTheyRead()
      throws Exception {
    StoreLayout layout = new StoreLayout(TestSpark.newStoreRoot("registry-race").toString());
    RegistryTables setup = tables(layout);
    for (int v = 0; v < 3; v++) {
      String id = "p" + v;
      setup.publish("race", id, n -> version("race", n, id));
    }
    // three writers (own engines), each moving a random version to Production and archiving the
    // others in the same change: 1 to 3 rows a change, all computed on the state read
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      RegistryTables tables = tables(layout);
      long target = w + 1;
      done.add(pool.submit(() -> {
        for (int i = 0; i < 8; i++) {
          tables.change("race", (state, seq, id) -> {
            RegistryState.Model m = state.model("race").orElseThrow();
            List<ModelHistoryRecord> rows = new ArrayList<>();
            if (m.stage(target) != Stage.PRODUCTION) {
              rows.add(stage(id, target, m.stage(target), Stage.PRODUCTION, seq));
            }
            for (long other : m.versions.keySet()) {
              if (other != target && m.stage(other) == Stage.PRODUCTION) {
                rows.add(stage(id, other, Stage.PRODUCTION, Stage.ARCHIVED, seq + rows.size()));
              }
            }
            return rows;
          });
          tables.change("race", (state, seq, id) -> List.of(
              stage(id, target, state.model("race").orElseThrow().stage(target), Stage.STAGING, seq)));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    RegistryState state = tables(layout).state();
    RegistryState.Model m = state.model("race").orElseThrow();
    assertEquals(LongStream.rangeClosed(1, m.history.size()).boxed().toList(),
        m.history.stream().map(ModelHistoryRecord::eventSeq).toList(), "each number once, no gap");
    // replaying the history checks that every row's from_stage is the stage it left
    Map<Long, Stage> stages = new java.util.HashMap<>();
    for (int i = 0; i < m.history.size(); i++) {
      ModelHistoryRecord h = m.history.get(i);
      assertEquals(stages.getOrDefault(h.version(), Stage.NONE).title(), h.fromStage(),
          "row " + h.eventSeq() + " was computed on the state before it");
      stages.put(h.version(), Stage.parse(h.toStage()));
      boolean lastOfItsChange = i == m.history.size() - 1
          || !m.history.get(i + 1).writerId().equals(h.writerId());
      if (lastOfItsChange) {
        assertTrue(stages.values().stream().filter(s -> s == Stage.PRODUCTION).count() <= 1,
            "never two versions in Production after a change; row " + h.eventSeq());
      }
    }
  }

  @Test
  void rowsDeletedByHandWithDeltaSparkLeaveAGapAndNumberingGoesOn() {
    SparkSession spark = TestSpark.session();
    StoreLayout layout = new StoreLayout(TestSpark.newStoreRoot("registry-deleted").toString());
    RegistryTables tables = tables(layout);
    for (int v = 0; v < 3; v++) {
      String id = "p" + v;
      tables.publish("edited", id, n -> version("edited", n, id));
    }
    // two changes: rows 1 and 2 (committed under 1), then row 3
    tables.change("edited", (state, seq, id) -> List.of(
        stage(id, "edited", 1, Stage.NONE, Stage.STAGING, seq),
        stage(id, "edited", 2, Stage.NONE, Stage.STAGING, seq + 1)));
    tables.change("edited", (state, seq, id) -> List.of(
        stage(id, "edited", 3, Stage.NONE, Stage.STAGING, seq)));

    spark.sql("DELETE FROM delta.`" + layout.tablePath(StoreTable.MODEL_VERSIONS)
        + "` WHERE version >= 2");
    spark.sql("DELETE FROM delta.`" + layout.tablePath(StoreTable.MODEL_HISTORY)
        + "` WHERE event_seq >= 2");

    assertEquals(4, tables.publish("edited", "p3", n -> version("edited", n, "p3")),
        "a deleted version's number is not given again");
    RegistryState state = tables.change("edited", (s, seq, id) -> List.of(
        stage(id, "edited", 4, Stage.NONE, Stage.PRODUCTION, seq)));
    assertEquals(Stage.STAGING, state.model("edited").orElseThrow().stage(1), "the state it read");
    RegistryState.Model m = tables.state().model("edited").orElseThrow();
    assertEquals(List.of(1L, 4L), m.versions.keySet().stream().toList());
    assertEquals(List.of(1L, 4L),
        m.history.stream().map(ModelHistoryRecord::eventSeq).toList());
    assertEquals(Stage.PRODUCTION, m.stage(4));
  }

  @Test
  void aVersionRowNamingAClassThatIsNoMLlibModelIsNotRun() {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("registry-class");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    try {
      ModelVersion real = mlops.publishModel("m", io.github.sparkmlops.model.TrainedModels.classifier());
      Registry registry = (Registry) mlops.models();
      ModelVersionRecord stored = registry.tables().state().record(real);
      // a row written by someone else, naming System (whose static load(String) loads a library)
      registry.tables().publish("m", "forged", n -> new ModelVersionRecord(Instant.now(), CONTEXT,
          "forged", "m", n, "java.lang.System", stored.location(), stored.checksum(),
          stored.sizeBytes(), stored.files(), null, null, Map.of(), Map.of(), null, null));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> mlops.loadModel("models:/m/2", Object.class));
      assertEquals("Cannot load models:/m/2: its class java.lang.System is not an MLlib model",
          e.getMessage());
      assertThrows(ClassCastException.class,
          () -> mlops.loadModel("models:/m/1", org.apache.spark.ml.classification.LogisticRegressionModel.class));
      assertTrue(mlops.loadModel("models:/m/1", org.apache.spark.ml.Transformer.class) instanceof PipelineModel);
    } finally {
      mlops.done();
      spark.conf().unset(MLOpsConfig.STORE);
    }
  }

  private static RegistryTables tables(StoreLayout layout) {
    return new RegistryTables(Store.engine(new Configuration()), layout);
  }

  private static ModelVersionRecord version(String name, long n, String publishId) {
    return new ModelVersionRecord(Instant.now(), CONTEXT, publishId, name, n, "artifact:none",
        "model_files/" + name + "/" + publishId, "x", 0, List.of(), null, null, Map.of(), Map.of(),
        null, null);
  }

  private static ModelHistoryRecord stage(String id, long version, Stage from, Stage to, long seq) {
    return stage(id, "race", version, from, to, seq);
  }

  private static ModelHistoryRecord stage(String id, String name, long version, Stage from,
      Stage to, long seq) {
    return new ModelHistoryRecord(Instant.now(), CONTEXT, id, name, version, Action.STAGE.name(),
        from.title(), to.title(), null, null, null, null, seq);
  }
}
