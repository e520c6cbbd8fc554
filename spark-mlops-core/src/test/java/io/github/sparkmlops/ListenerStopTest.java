package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * When spark.stop() returns, everything a listener-only application recorded is committed: its
 * stats, events and lineage, and its identity from the configuration.
 */
class ListenerStopTest {

  @Test
  void stopReturnsWithTheListenersRecordsCommitted() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("listener-stop");
    Path data = root.resolveSibling("listener-only data");
    Process job = TestJvm.start(ListenerOnlyJobMain.class, "1g", root.toString(),
        data.toString());
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(job.waitFor(3, TimeUnit.MINUTES));
    assertEquals(0, job.exitValue(), output);

    long jobs = spark.read().format("delta").load(root.resolve("stats").toString())
        .where("name = 'spark.job.succeeded' AND value = 1").count();
    assertTrue(jobs >= 1, "the job stats were committed before stop() returned\n" + output);
    List<String> titles = spark.read().format("delta").load(root.resolve("events").toString())
        .orderBy("seq").select("title").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("application started", "application ended"), titles, output);
    List<String> lineage = spark.read().format("delta").load(root.resolve("lineage").toString())
        .orderBy("execution_id").selectExpr("concat_ws(' ', direction, format, path)")
        .as(Encoders.STRING()).collectAsList();
    String folder = "parquet file:" + data.toAbsolutePath();
    assertEquals(List.of("output " + folder, "input " + folder), lineage, output);
    List<String> identity = spark.read().format("delta").load(root.resolve("stats").toString())
        .where("category = 'CONFIG' AND name LIKE 'mlops.run.%'").orderBy("name")
        .selectExpr("concat(name, '=', text)").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("mlops.run.name=listener only", "mlops.run.parent=3851395623902519743",
        "mlops.run.tag.databricks.job_run_id=3851395623902519743",
        "mlops.run.tag.git.commit=4f2a9c1"), identity, "the run's identity, stored at its start");
  }
}
