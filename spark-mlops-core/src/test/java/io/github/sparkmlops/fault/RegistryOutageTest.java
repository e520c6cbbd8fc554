package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.FlakyModel;
import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.model.TrainedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A followed model keeps serving while its registry cannot be read (the store's root gone, a torn
 * commit in its log), raises one health alert per outage however many batches ask, and picks up
 * the registry's changes once it reads again.
 */
@Timeout(300)
class RegistryOutageTest {

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void unset() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.FLUSH_MAX_BACKOFF);
  }

  @Test
  void aVersionThatCannotBeLoadedNowIsTriedAgainOnTheNextCall() throws Exception {
    Path root = TestSpark.newStoreRoot("load-outage");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    try {
      mlops.publishModel("flaky", new FlakyModel());
      mlops.models().transition("flaky", 1, Stage.PRODUCTION);
      LiveModel<FlakyModel> live = mlops.models().follow("models:/flaky/Production",
          FlakyModel.class);
      FlakyModel first = live.get();
      mlops.publishModel("flaky", new FlakyModel());
      mlops.models().transition("flaky", 2, Stage.PRODUCTION, true, "newer");

      FlakyModel.failures.set(3);
      for (int batch = 0; batch < 3; batch++) {
        assertSame(first, live.get(), "batch " + batch + " while version 2 cannot be loaded");
      }
      assertEquals(1, live.version().version());
      FlakyModel second = live.get();
      assertNotSame(first, second, "loaded once the storage answers, without a registry change");
      assertEquals(2, live.version().version());
      assertTrue(mlops.flush().complete());
      List<String> alerts = spark.read().format("delta").load(root.resolve("events").toString())
          .where("type = 'HEALTH_ALERT'").select("title").as(Encoders.STRING()).collectAsList();
      assertEquals(List.of("Model not switched yet: flaky"), alerts, "one alert for the outage");
    } finally {
      FlakyModel.failures.set(0);
      mlops.done();
    }
  }

  @Test
  void aLoadedModelKeepsServingThroughOutagesWithOneAlertEach() throws Exception {
    StoreOutage store = StoreOutage.under(TestSpark.newStoreRoot("registry-outage").getParent());
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    // the alerts kept through the outage are written within 2 s of its end
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "2s");
    MLOps mlops = MLOps.init(spark);
    try {
      mlops.publishModel("served", TrainedModels.classifier());
      mlops.models().transition("served", 1, Stage.PRODUCTION);
      LiveModel<PipelineModel> live =
          mlops.models().follow("models:/served/Production", PipelineModel.class);
      PipelineModel first = live.get();

      // the store's root is a regular file for a while: every read fails
      store.begin();
      for (int batch = 0; batch < 5; batch++) {
        assertSame(first, live.get(), "batch " + batch + " during the outage");
      }
      assertEquals(1, live.version().version());
      store.end();

      mlops.publishModel("served", TrainedModels.classifier());
      mlops.models().transition("served", 2, Stage.PRODUCTION, true, "after the outage");
      PipelineModel second = live.get();
      assertNotSame(first, second, "read again once the store is back");
      assertEquals(2, live.version().version());

      // a torn commit: the newest entry of the history's log is half written
      Path log = store.real().resolve("model_history/_delta_log");
      long next;
      try (var entries = Files.list(log)) {
        next = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
            .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow() + 1;
      }
      Path torn = log.resolve(String.format("%020d.json", next));
      Files.writeString(torn, "{\"commitInfo\":{\"timestamp\":17");
      for (int batch = 0; batch < 5; batch++) {
        assertSame(second, live.get(), "batch " + batch + " while the log holds a torn commit");
        // a stat attached to the version served is kept, though the registry cannot confirm it
        mlops.setStat(live.version(), "score", batch);
      }
      Files.delete(torn);
      mlops.models().transition("served", 1, Stage.PRODUCTION, true, "back");
      live.get();
      assertEquals(1, live.version().version(), "read again once the torn commit is gone");

      assertTrue(mlops.flush().complete(), mlops.status().toString());
      List<String> alerts = spark.read().format("delta").load(store.root() + "/events")
          .where("type = 'HEALTH_ALERT'").orderBy("time").select("title")
          .as(Encoders.STRING()).collectAsList();
      assertEquals(List.of("Model registry unreadable: served", "Model registry unreadable: served"),
          alerts, "one alert per outage");
      assertEquals(5, spark.read().format("delta").load(store.root() + "/stats")
          .where("name = 'score' AND model_name = 'served' AND model_version = 2").count());
    } finally {
      store.end();
      mlops.done();
    }
  }

  @Test
  void beforeAnyModelWasLoadedAnUnreadableRegistryIsAnError() throws Exception {
    StoreOutage store = StoreOutage.under(TestSpark.newStoreRoot("registry-outage").getParent());
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    MLOps mlops = MLOps.init(spark);
    try {
      mlops.publishModel("unread", TrainedModels.classifier());
      LiveModel<PipelineModel> live =
          mlops.models().follow("models:/unread/latest", PipelineModel.class);
      store.begin();
      RuntimeException e = assertThrows(RuntimeException.class, live::get);
      assertTrue(String.valueOf(e.getMessage()).contains(store.root().toString()), e.toString());
      store.end();
      assertNull(live.version(), "nothing was loaded");
      live.get();
      assertEquals(1, live.version().version());
    } finally {
      store.end();
      mlops.done();
    }
  }
}
