package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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

    Dataset<Row> stats = spark.read().format("delta").load(root.resolve("stats").toString());
    assertEquals(250, stats.where("name = 'forgotten'").count(), output);
    // the listener MLOps.init installed saw the application end during shutdown and reported it
    List<String> titles = spark.read().format("delta").load(root.resolve("events").toString())
        .orderBy("seq").select("title").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("application started", "exiting", "application ended"), titles, output);
  }
}
