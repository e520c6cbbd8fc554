package io.github.sparkmlops.internal.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.run.ActiveRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The listener's tallies when Spark's listener bus drops end events (it does when its queue is
 * full): Spark's own event objects are handed to a listener bound to a real run, as the bus hands
 * them, with no end for most of what starts.
 */
class ListenerCoreTest {

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void settingsOff() {
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().unset(MLOpsConfig.LISTENER_STAGES);
  }

  /** Before the bound, every job and stage whose end never came was kept for good. */
  @Test
  void jobsAndStagesWhoseEndNeverCameAreForgottenOldestFirstAndCounted() {
    Path root = TestSpark.newStoreRoot("listener bounds");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LISTENER_STAGES, "true");
    MLOps mlops = MLOps.init(spark);
    ListenerCore core = ListenerCore.bindTo(ActiveRun.current());

    int newest = ListenerCore.MAX_OPEN;
    for (int id = 0; id <= newest; id++) {
      StageInfo stage = stage(id);
      core.onJobStart(new SparkListenerJobStart(id, id, seq(List.of(stage)), new Properties()));
      core.onStageSubmitted(new SparkListenerStageSubmitted(stage, new Properties()));
    }
    core.onJobEnd(new SparkListenerJobEnd(newest, newest + 5, JobSucceeded$.MODULE$));
    core.onJobEnd(new SparkListenerJobEnd(0, newest + 5, JobSucceeded$.MODULE$));
    core.drain(null, Duration.ofSeconds(30));
    mlops.done();

    Dataset<Row> stats = spark.read().format("delta").load(root.resolve("stats").toString());
    assertEquals(List.of((double) newest), stats.where("name = 'spark.job.id'").select("value")
            .as(Encoders.DOUBLE()).collectAsList(),
        "the newest job is reported; the oldest was forgotten, and its late end has no stats");
    Row evicted = stats.where("name = 'mlops.listener.evicted'").selectExpr("max(value)").first();
    assertEquals(2.0, evicted.getDouble(0), "one job and one stage attempt forgotten");
  }

  private static StageInfo stage(int id) {
    return new StageInfo(id, 0, "stage " + id, 1, seq(List.of()), seq(List.of()), "", null,
        seq(List.of()), Option.empty(), 0, false, 0);
  }

  private static <T> Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}
