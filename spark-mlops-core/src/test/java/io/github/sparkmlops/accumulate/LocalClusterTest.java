package io.github.sparkmlops.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.LocalCluster;
import io.github.sparkmlops.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Accumulators updated, and profiles taken, in executors that are separate JVMs merge correctly
 * on the driver.
 */
class LocalClusterTest {

  @Test
  void executorsInSeparateJvmsMergeIntoTheDriversAccumulators() throws Exception {
    Path root = TestSpark.newStoreRoot("local-cluster");
    Process job = LocalCluster.start(root, LocalClusterMain.class, "1g", root.toString());
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(job.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, job.exitValue(), output);
    assertTrue(output.contains("HIST 100.0 100.0"), output);
    assertTrue(output.contains("COUNT 200"), output);
    assertTrue(output.contains("EXECUTORS 2"), "both executors added: " + output);
    assertTrue(output.contains("PROFILE 1000 499.5 7 true"),
        "profile() and agg agree across executors: " + output);
    long stored = TestSpark.session().read().format("delta").load(root.resolve("stats").toString())
        .where("name = 'cluster.count' AND value = 200").count();
    assertEquals(1, stored, output);
  }
}
