package io.github.sparkmlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three applications (two more JVMs and this one) publish the same model at the same moment. */
@Timeout(600)
class ConcurrentPublishTest {

  private static final int EACH = 8;

  @Test
  void publishersInThreeJvmsGetDistinctVersionsWithoutGaps() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("concurrent-publish");
    Path scratch = Files.createDirectories(root.resolveSibling("scratch"));
    Path go = root.resolveSibling("go");
    List<Process> children = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    for (String label : List.of("jvm-a", "jvm-b")) {
      Process p = TestJvm.start(PublishMain.class, "768m", root.toString(), label,
          Integer.toString(EACH), go.toString(), scratch.toString());
      children.add(p);
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      outputs.add(out);
      for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
        // Spark's start-up log
      }
    }
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    try {
      Files.createFile(go);
      PublishMain.publish(mlops, "test-jvm", EACH, scratch);
      for (int i = 0; i < children.size(); i++) {
        StringBuilder log = new StringBuilder();
        outputs.get(i).lines().forEach(l -> log.append(l).append('\n'));
        assertTrue(children.get(i).waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, children.get(i).exitValue(), log.toString());
      }
      List<ModelVersion> versions = mlops.models().versions("shared");
      assertEquals(LongStream.rangeClosed(1, 3 * EACH).boxed().toList(),
          versions.stream().map(ModelVersion::version).toList(), "every number once, no gap");
      Set<String> contents = new TreeSet<>();
      for (ModelVersion v : versions) {
        Path folder = Path.of(mlops.models().verifiedLocation(v.uri()));
        try (var files = Files.list(folder)) {
          contents.add(Files.readString(files
              .filter(f -> f.getFileName().toString().endsWith(".txt")).findFirst().orElseThrow()));
        }
      }
      Set<String> expected = new TreeSet<>();
      for (String label : List.of("jvm-a", "jvm-b", "test-jvm")) {
        for (int i = 0; i < EACH; i++) {
          expected.add(label + "-" + i);
        }
      }
      assertEquals(expected, contents, "every publication is a version of its own");
      assertEquals(Set.of("jvm-a", "jvm-b", "test-jvm"), versions.stream()
          .map(v -> v.tags().get("publisher")).collect(Collectors.toSet()));
    } finally {
      children.forEach(Process::destroyForcibly);
      mlops.done();
      spark.conf().unset(MLOpsConfig.STORE);
    }
  }
}
