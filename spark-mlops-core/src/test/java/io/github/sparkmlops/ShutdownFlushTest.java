package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Records of a job that exits without done() are written by the JVM shutdown hook. */
class ShutdownFlushTest {

  @Test
  void aJobThatForgetsDoneStillWritesEverythingAtExit() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("shutdown");
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx1g"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ForgetfulJobMain.class.getName(), root.toString(), "250"));
    Process job = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(job.waitFor(3, TimeUnit.MINUTES));
    assertEquals(0, job.exitValue(), output);

    assertEquals(250, spark.read().format("delta").load(root.resolve("stats").toString()).count(), output);
    assertEquals(1, spark.read().format("delta").load(root.resolve("events").toString()).count());
  }
}
