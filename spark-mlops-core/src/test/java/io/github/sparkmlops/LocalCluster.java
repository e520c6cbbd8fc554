package io.github.sparkmlops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's {@code local-cluster} master for tests whose executors must be JVMs of their own: the
 * test starts a main class in a JVM of its own ({@link #start}), and that main builds its session
 * with {@link #session}.
 */
public final class LocalCluster {

  private LocalCluster() {}

  /**
   * Starts {@code main} in a JVM of its own, able to run a {@code local-cluster} master; stdout and
   * stderr are merged. The workers build executor commands from a Spark home: an empty
   * {@code jars/} folder next to {@code scratch} and the Scala version satisfy them, and the
   * executors take the test class path instead ({@link #session}).
   */
  public static Process start(Path scratch, Class<?> main, String heap, String... args)
      throws IOException {
    Path sparkHome =
        Files.createDirectories(scratch.getParent().resolve("spark-home/jars")).getParent();
    return TestJvm.start(
        Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"),
        main, heap, args);
  }

  /**
   * A session builder on {@code master} ({@code local-cluster[executors,cores,memory]}), whose
   * executors run with this JVM's class path and module flags; its first job waits for every
   * executor.
   */
  public static SparkSession.Builder session(String master, String appName) {
    String jvmFlags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore"))
        .collect(Collectors.joining(" "));
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.extraJavaOptions", jvmFlags)
        // on a busy machine one executor JVM starts seconds late, and a job would run all its
        // tasks on the others
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
  }
}
