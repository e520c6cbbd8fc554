package io.github.sparkmlops.model;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Publishes model files as versions of the model {@code shared}: {@code <store> <label> <count>
 * <go file> <scratch folder>}. Prints {@code READY} once Spark is up, waits for the go file, then
 * publishes {@code count} one-file artifacts holding {@code <label>-<i>}, printing each version.
 */
public final class PublishMain {

  private PublishMain() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("publish-" + args[1])
        .config("spark.ui.enabled", "false")
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .config(MLOpsConfig.STORE, args[0])
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    System.out.println("READY");
    System.out.flush();
    Path go = Path.of(args[3]);
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no go file " + go + " within 300 s");
      }
      Thread.sleep(10);
    }
    publish(mlops, args[1], Integer.parseInt(args[2]), Path.of(args[4]));
    mlops.done();
    spark.stop();
  }

  /** Publishes {@code count} artifacts of {@code shared}, each a file holding {@code label-i}. */
  static void publish(MLOps mlops, String label, int count, Path scratch) throws Exception {
    for (int i = 0; i < count; i++) {
      Path file = scratch.resolve(label + "-" + i + ".txt");
      Files.writeString(file, label + "-" + i);
      ModelVersion v = mlops.models().publishArtifact("shared", file.toString(), "text",
          PublishOptions.none().tag("publisher", label));
      System.out.println("PUBLISHED " + label + "-" + i + " " + v.version());
      System.out.flush();
    }
  }
}
