package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Records of a job that exits without done() are written by the JVM shutdown hook. */
class ShutdownFlushTest {

  @Test
  void aJobThatForgetsDoneStillWritesEverythingAtExit() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("shutdown");
    Process job = TestJvm.start(ForgetfulJobMain.class, "1g", root.toString(), "250");
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(job.waitFor(3, TimeUnit.MINUTES));
    assertEquals(0, job.exitValue(), output);

    assertEquals(250, spark.read().format("delta").load(root.resolve("stats").toString()).count(), output);
    assertEquals(1, spark.read().format("delta").load(root.resolve("events").toString()).count());
  }
}
