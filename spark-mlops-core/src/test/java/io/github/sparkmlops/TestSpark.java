package io.github.sparkmlops;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

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
    return session(Map.of());
  }

  /**
   * The shared session, created on first use with {@code settings} added: settings that must be
   * there before Spark starts, such as a filesystem's ({@code spark.hadoop.*}), which a JVM of its
   * own then gives all its tests.
   *
   * @throws IllegalStateException if the session was created without them
   */
  public static synchronized SparkSession session(Map<String, String> settings) {
    if (session != null) {
      settings.forEach((key, value) -> {
        if (!value.equals(session.sparkContext().conf().get(key, null))) {
          throw new IllegalStateException("the session of this JVM started without " + key
              + "=" + value + ": run this test in a JVM of its own");
        }
      });
    } else {
      Path folder = scratch();
      SparkSession.Builder builder = SparkSession.builder();
      settings.forEach(builder::config);
      session = builder
          .master("local[2,3]")
          .appName("spark-mlops-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          // store tests count records; listener tests switch it on for themselves
          .config(MLOpsConfig.LISTENER_ENABLED, "false")
          // nor lineage: the lineage tests switch it on for themselves
          .config(MLOpsConfig.LINEAGE_ENABLED, "false")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.warehouse.dir", folder.resolve("warehouse").toUri().toString())
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.databricks.delta.snapshotPartitions", "2")
          .getOrCreate();
    }
    return session;
  }

  /**
   * A new, not yet existing directory for a store root. Its path has a space in it, as users'
   * paths do, so that every store test also checks that paths are never mistaken for URIs.
   */
  public static synchronized Path newStoreRoot(String label) {
    session();
    try {
      Path dir = Files.createTempDirectory(scratch, label + " ");
      return dir.resolve("store");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Skips the calling test, and says why, when this JVM cannot name a file whose name holds {@code
   * text}. A JVM takes its file-name encoding ({@code sun.jnu.encoding}) from the locale it starts
   * in, and it is ASCII where no locale is set; the build gives its test JVMs a UTF-8 one (the
   * parent pom's {@code jvm.locale}), so this skips only tests run some other way.
   */
  public static void assumeFileNamesCanHold(String text) {
    String encoding = System.getProperty("sun.jnu.encoding");
    Assumptions.assumeTrue(Charset.forName(encoding).newEncoder().canEncode(text), () ->
        "this JVM encodes file names in " + encoding + " (sun.jnu.encoding, from the locale: "
            + "LANG and LC_ALL are unset or not UTF-8), which cannot hold '" + text + "'; start "
            + "it with LC_ALL=C.UTF-8, as the Maven build does");
  }

  /**
   * A copy at {@code root} of the store-v1 fixture: a store written by the code before the store's
   * first schema change (src/test/resources/fixtures/store-v1), read from this module's test
   * classes or, in another module, from its test jar.
   */
  public static Path copyFixtureStore(Path root) throws IOException {
    URI fixture;
    try {
      fixture = TestSpark.class.getResource("/fixtures/store-v1").toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (fixture.getScheme().equals("jar")) {
      try (FileSystem jar = FileSystems.newFileSystem(fixture, Map.of())) {
        return copyTree(jar.provider().getPath(fixture), root);
      }
    }
    return copyTree(Paths.get(fixture), root);
  }

  /** A copy of the folder {@code from}, and all it holds, at {@code root}; returns {@code root}. */
  public static Path copyTree(Path from, Path root) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.toList()) {
        Path target = root.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return root;
  }

  /**
   * A new, empty folder, deleted when this JVM exits: for what a test writes outside a store, such
   * as the {@code java.io.tmpdir} of the JVMs {@link TestJvm} starts (a JVM a test kills cannot
   * delete its own temporary files).
   */
  public static synchronized Path newFolder(String label) {
    try {
      return Files.createTempDirectory(scratch(), label);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The folder of this JVM's stores and warehouse, deleted when the JVM exits once Spark has
   * stopped: Hadoop runs its shutdown hooks by priority, the highest first, and Spark's (which
   * stop the session and delete Spark's own temporary folders) run at
   * {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}.
   */
  private static synchronized Path scratch() {
    if (scratch == null) {
      try {
        Path created = Files.createTempDirectory("spark-mlops-test-");
        ShutdownHookManager.get().addShutdownHook(() -> deleteTree(created),
            org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 20);
        scratch = created;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return scratch;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // the JVM is exiting: what could not be deleted stays in the temporary folder
    }
  }
}
