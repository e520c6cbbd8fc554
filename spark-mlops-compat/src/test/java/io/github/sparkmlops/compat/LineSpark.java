package io.github.sparkmlops.compat;

import io.github.sparkmlops.internal.compat.SparkSeam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this test JVM, on whichever Spark line the build put on the classpath,
 * with delta-spark as the independent reader of what the library writes. Only public names of
 * the library are used here: the jar under test is the assembly, where everything else is
 * relocated.
 */
final class LineSpark {

  static final String STORE = "spark.mlops.store";
  static final String LISTENER_ENABLED = "spark.mlops.listener.enabled";

  private static SparkSession session;
  private static Path scratch;

  private LineSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      try {
        scratch = Files.createTempDirectory("spark-mlops-compat");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // deleted when the JVM exits, after Spark's hooks (at FileSystem.SHUTDOWN_HOOK_PRIORITY + 30,
      // the highest run first) have stopped the session
      Path created = scratch;
      ShutdownHookManager.get().addShutdownHook(() -> deleteTree(created),
          FileSystem.SHUTDOWN_HOOK_PRIORITY + 20);
      session = SparkSession.builder()
          .master("local[2]")
          .appName("spark-mlops-compat")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config(LISTENER_ENABLED, "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog",
              "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          // delta-spark rebuilds a table's state in 50 tasks by default, each generating its code
          // on this cold JVM: 13 to 18 s of a test that reads a small table with it
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .getOrCreate();
    }
    return session;
  }

  /** A new, not yet existing store root, its path with a space in it. */
  static synchronized Path newStoreRoot(String label) {
    return newFolder(label).resolve("store");
  }

  /** A new, empty folder for a test's files, its path with a space in it. */
  static synchronized Path newFolder(String label) {
    session();
    try {
      return Files.createTempDirectory(scratch, label + " ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // the JVM is exiting: what could not be deleted stays in the temporary folder
    }
  }

  /** A table of the store as delta-spark reads it. */
  static Dataset<Row> delta(Path root, String table) {
    return session().read().format("delta").load(root.resolve(table).toString());
  }

  /**
   * Fails if a seam found its internal path not to link and fell back (which keeps results right,
   * so only this check shows it): on every line, the internal paths must work.
   */
  static void assertInternalPathsLinked() {
    for (SparkSeam seam : SparkSeam.values()) {
      if (seam.fellBack()) {
        throw new AssertionError("on Spark " + sparkVersion() + ", " + seam.setting()
            + "'s internal path did not link and fell back");
      }
    }
  }

  /** The Spark line this JVM runs, e.g. 4.0.1. */
  static String sparkVersion() {
    return session().version();
  }
}
