package io.github.sparkmlops;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2], up to 3 attempts per task, delta-spark configured as an independent reader of
 * what the library writes), and fresh store roots for tests to write into.
 */
public final class TestSpark {

  private static SparkSession session;
  private static Path scratch;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      scratch = createScratch();
      session = SparkSession.builder()
          .master("local[2,3]")
          .appName("spark-mlops-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          // store tests count records; listener tests switch it on for themselves
          .config(MLOpsConfig.LISTENER_ENABLED, "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .getOrCreate();
    }
    return session;
  }

  /** A new, not yet existing directory for a store root. */
  public static synchronized Path newStoreRoot(String label) {
    session();
    try {
      Path dir = Files.createTempDirectory(scratch, label + "-");
      return dir.resolve("store");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createScratch() {
    try {
      return Files.createTempDirectory("spark-mlops-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
