package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.model.TrainedModels;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store that vanishes under a running application (an unmounted volume, a deleted folder or
 * bucket prefix), or whose tables are replaced by new ones, is not written to: nothing is created
 * in its place, the records are kept and retried, the loss is reported once, and when the store
 * comes back its records land in it.
 */
@Timeout(300)
class StoreVanishTest {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE,
      MLOpsConfig.FLUSH_MAX_BACKOFF, MLOpsConfig.FLUSH_INTERVAL, MLOpsConfig.DONE_TIMEOUT);

  private final SparkSession spark = TestSpark.session();
  private Path root;

  @BeforeEach
  void useFreshStore() {
    root = TestSpark.newStoreRoot("vanish");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "1s");
    spark.conf().set(MLOpsConfig.DONE_TIMEOUT, "3s");
  }

  @AfterEach
  void unset() {
    KEYS.forEach(spark.conf()::unset);
  }

  @Test
  void aStoreThatVanishesIsNotCreatedAgainAndGetsItsRecordsWhenItComesBack() throws Exception {
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    assertTrue(mlops.flush().complete());

    Path unmounted = Files.move(root, root.resolveSibling("unmounted"));
    for (int i = 0; i < 10; i++) {
      mlops.setStat("during", i);
    }
    FlushReport lost = mlops.flush(Duration.ofSeconds(4));
    assertFalse(Files.exists(root), "nothing is created in place of the store");
    assertTrue(lost.pending() >= 10, lost.toString());
    assertTrue(lost.failedAttempts() >= 2, "retried: " + lost);
    assertTrue(lost.lastError().contains("stats table at " + root + "/stats")
        && lost.lastError().contains("is gone"), lost.toString());

    Files.move(unmounted, root);
    FlushReport back = mlops.flush(Duration.ofSeconds(60));
    assertTrue(back.complete(), back.toString());
    assertEquals(11, read("stats").count());
    Dataset<Row> alerts = read("events").where("type = 'SYSTEM_ALERT'");
    assertEquals(1, alerts.count(), "the loss is reported once, however often it was retried");
    assertTrue(alerts.first().<String>getAs("message").contains("is gone"),
        alerts.first().toString());
    assertTrue(mlops.done().complete());
  }

  @Test
  void aTableReplacedUnderTheWriterIsNotWrittenTo() throws Exception {
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    assertTrue(mlops.flush().complete());

    // someone deletes the store and another application starts a new one at the same path
    deleteTree(root);
    Store.writers(Store.engine(new Configuration()), new StoreLayout(root.toString()))
        .get(StoreTable.STATS).append("other", 1, List.<Object[]>of(StoreSchema.statRow(
            new StatRecord(Instant.now(), new RunContext("a", "p", "n", "other", "h"), "other", 1,
                "theirs", "TIME_SERIES", StatType.NUMBER, new NumberValue(1)))));

    mlops.setStat("after", 2);
    FlushReport refused = mlops.flush(Duration.ofSeconds(3));
    // the record, and the alert that says why, which the new store does not get either
    assertEquals(2, refused.pending(), refused.toString());
    assertTrue(refused.lastError().contains("Delta table id"), refused.toString());
    assertEquals(List.of("theirs"), read("stats").select("name").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList(), "the new table is not written to");
    FlushReport done = mlops.done();
    assertTrue(done.pending() >= 1, done.toString());
    assertEquals(List.of("theirs"), read("stats").select("name").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void theRegistryDoesNotCreateATableItHasSeenVanish() throws Exception {
    MLOps mlops = MLOps.init(spark);
    mlops.publishModel("kept", TrainedModels.classifier());
    Path unmounted = Files.move(root, root.resolveSibling("unmounted"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> mlops.publishModel("kept", TrainedModels.classifier()));
    assertTrue(e.getMessage().contains("model_versions") && e.getMessage().contains("is gone"),
        e.getMessage());
    assertFalse(Files.exists(root), "no table, nor model files, in its place");

    Files.move(unmounted, root);
    assertEquals(2, mlops.publishModel("kept", TrainedModels.classifier()).version(),
        "back: the registry goes on where it was");
    mlops.done();
  }

  @Test
  void aStoreThatVanishedAfterItsStatsGetsNoModelAndNoChange() throws Exception {
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    assertTrue(mlops.flush().complete());
    Path unmounted = Files.move(root, root.resolveSibling("unmounted"));

    // the registry's tables were never opened, but the store they belong to was
    IllegalStateException publish = assertThrows(IllegalStateException.class,
        () -> mlops.publishModel("new", TrainedModels.classifier()));
    assertTrue(publish.getMessage().contains("store it belongs to is lost"), publish.getMessage());
    IllegalStateException change = assertThrows(IllegalStateException.class,
        () -> mlops.models().setModelTag("new", "team", "a"));
    assertTrue(change.getMessage().contains("is gone"), "not 'no model named': "
        + change.getMessage());
    assertFalse(Files.exists(root), "nothing is created in place of the store");

    Files.move(unmounted, root);
    assertEquals(1, mlops.publishModel("new", TrainedModels.classifier()).version());
    assertTrue(mlops.done().complete());
  }

  @Test
  void oneLostTableIsReportedOnceThoughTheOthersAreWritten() throws Exception {
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "200ms");
    // the alert is committed at once, while the stats table is still lost
    spark.conf().set(MLOpsConfig.FLUSH_INTERVAL, "200ms");
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("before", 1);
    mlops.event(io.github.sparkmlops.event.Event.builder(
        io.github.sparkmlops.event.EventType.GENERIC, "before").build());
    assertTrue(mlops.flush().complete());

    deleteTree(root.resolve("stats"));
    mlops.setStat("during", 2);
    FlushReport lost = mlops.flush(Duration.ofSeconds(4));
    assertTrue(lost.failedAttempts() >= 5, "retried many times: " + lost);
    assertEquals(1, read("events").where("type = 'SYSTEM_ALERT'").count(),
        "the events table, still there, gets one alert however often the stats table was retried");
    mlops.done();
  }

  private Dataset<Row> read(String table) {
    return spark.read().format("delta").load(root.resolve(table).toString());
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
