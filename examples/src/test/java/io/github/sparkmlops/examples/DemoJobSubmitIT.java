package io.github.sparkmlops.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The launch path users take: the real {@code org.apache.spark.deploy.SparkSubmit}, the assembly
 * jar given to {@code --jars}, the demo as the application jar, and a classpath that holds Spark
 * but neither spark-mlops nor Delta (they must come from the assembly).
 */
class DemoJobSubmitIT {

  private static final Path ASSEMBLY = Path.of(System.getProperty("assembly.jar"));
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.jar"));

  @Test
  void theAssemblyHoldsKernelAndJacksonRelocatedAndNoSparkScalaOrDeltaSpark() throws IOException {
    try (JarFile jar = new JarFile(ASSEMBLY.toFile())) {
      List<String> classes = jar.stream().map(e -> e.getName())
          .filter(n -> n.endsWith(".class")).toList();
      assertTrue(classes.contains("io/github/sparkmlops/MLOps.class"));
      assertTrue(classes.stream().anyMatch(
          n -> n.startsWith("io/github/sparkmlops/shaded/io/delta/kernel/")));
      assertTrue(classes.stream().anyMatch(
          n -> n.startsWith("io/github/sparkmlops/shaded/com/fasterxml/jackson/databind/")));
      for (String forbidden : List.of("org/apache/spark/", "scala/", "io/delta/", "com/fasterxml/",
          "org/apache/hadoop/", "org/apache/parquet/")) {
        assertFalse(classes.stream().anyMatch(n -> n.startsWith(forbidden)),
            "the assembly must not contain " + forbidden);
      }
    }
  }

  @Test
  void theDemoRunsUnderSparkSubmitWithTheAssemblyJar() throws Exception {
    Path work = Files.createTempDirectory("spark-submit-demo-");
    Path store = work.resolve("mlops-store");
    String output = submit(work, DemoJob.class,
        "--conf", "spark.mlops.store=" + store,
        "--conf", "spark.mlops.mlapp=submitted");

    assertTrue(output.matches("(?s).*spark-mlops demo: FlushReport\\[acknowledged=(\\d+), written=\\1, pending=0.*"),
        output);
    assertTrue(output.contains("daily.revenue                    KPI                7"), output);
    assertTrue(output.contains("training.data                    TABLE              1"), output);
    assertTrue(output.contains("training.data.age                HISTOGRAM          1"), output);
    assertTrue(output.contains("rows.scored                      NUMBER             1"),
        "the accumulator was reported: " + output);
    assertTrue(output.contains("spark.job.duration_ms            NUMBER"),
        "the listener MLOps.init installed recorded the jobs: " + output);
    assertTrue(output.contains("events table: 4 rows"), output);
    assertTrue(output.matches("(?s).*drift of age: wasserstein 0\\.\\d+ \\(threshold 0\\.10\\) drifted\n.*"),
        output);
    assertTrue(output.matches("(?s).*drift of label: jensenshannon 0\\.0\\d+ \\(threshold 0\\.10\\)\n.*"),
        output);
    assertTrue(output.contains("health.drift_share               NUMBER             1"), output);
    assertTrue(output.contains("model models:/churn/1 (Production, org.apache.spark.ml.PipelineModel) "
        + "served 1000 rows"), output);
    assertTrue(output.matches("(?s).*model churn version 1: Production, accuracy 0\\.\\d\\d\n.*"), output);
    Path page = store.resolveSibling("mlops-report.html");
    assertTrue(output.contains("report: " + page), output);
    String html = Files.readString(page, StandardCharsets.US_ASCII);
    assertTrue(html.contains("\"name\":\"daily.revenue\""), "the demo's KPI is in its report");

    // any store, rendered by a person with ReportMain on the assembly alone
    String rendered = submit(work, "io.github.sparkmlops.report.ReportMain", ASSEMBLY,
        "--store", store.toString(), "--out", "reports/training.html", "--stat", "training.",
        "--mlapp", "submitted");
    Path training = work.resolve("reports/training.html");
    assertTrue(rendered.contains(training.toString()), rendered);
    html = Files.readString(training, StandardCharsets.US_ASCII);
    assertTrue(html.contains("\"name\":\"training.data.age\""), "the filter's stats are in it");
    assertFalse(html.contains("\"name\":\"daily.revenue\""), "the others are not");
    String refused = submitFailing(work, "io.github.sparkmlops.report.ReportMain", ASSEMBLY,
        "--store", work.resolve("no store here").toString());
    assertTrue(refused.contains("There is no store at " + work.resolve("no store here")), refused);

    String commit = Files.readString(store.resolve("stats/_delta_log/00000000000000000001.json"));
    assertTrue(commit.contains("\"txn\":{\"appId\":\"mlops-"), "idempotent commits: " + commit);
    assertTrue(commit.contains("spark-mlops/0.1.0"), commit);
    assertTrue(commit.contains("submitted"), "the mlapp conf is in the column statistics: " + commit);
  }

  /**
   * The streaming demo, as the README runs it but under spark-submit: every inference batch's
   * profile reaches the store, monitor() finds x1 drifted from the model's training profile from
   * the shifted batch on (x2 never), and alerts once, in the batch where the drift starts.
   */
  @Test
  void theStreamingDemoFindsTheDriftedColumnFromTheShiftedBatchOn() throws Exception {
    Path work = Files.createTempDirectory("spark-submit-streaming-");
    String output = submit(work, StreamingJob.class,
        "--conf", "spark.mlops.store=" + work.resolve("mlops-store"));
    for (int batch = 0; batch < 6; batch++) {
      String drifted = batch >= 3 ? "\\[x1\\]" : "\\[\\]";
      assertTrue(output.matches("(?s).*  batch " + batch + "  share 0\\.\\d\\d  rows 2000  drifted "
          + drifted + "\n.*"), "batch " + batch + " profiled and checked: " + output);
    }
    String alerts = output.substring(output.indexOf("drift alerts:"));
    assertTrue(alerts.contains("batch 3: Data drift in 1 of 2 columns"), output);
    assertTrue(alerts.contains("x1 wasserstein"), output);
    assertEquals(1, alerts.lines().filter(l -> l.startsWith("  batch ")).count(),
        "one alert, where the drift starts: " + output);
    assertTrue(output.matches("(?s).*spark-mlops streaming demo: FlushReport\\[acknowledged=(\\d+), written=\\1, pending=0.*"),
        output);
  }

  @Test
  void aJobWithNoMlopsCodeIsRecordedThroughExtraListenersAlone() throws Exception {
    Path work = Files.createTempDirectory("spark-submit-listener-");
    Path store = work.resolve("mlops-store");
    String output = submit(work, PlainSparkJob.class,
        "--conf", "spark.extraListeners=io.github.sparkmlops.MLOpsListener",
        "--conf", "spark.mlops.store=" + store);
    assertTrue(output.contains("plain job: 10 groups"), output);

    SparkSession spark = SparkSession.builder().master("local[1]").appName("read-back")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> stats = spark.read().format("mlops").option("store", store.toString()).load();
      assertTrue(stats.where("name = 'spark.job.tasks' AND value > 0").count() >= 1, output);
      assertTrue(stats.where("name = 'spark.job.shuffle_write_bytes' AND value > 0").count() >= 1);
      assertTrue(stats.where("name = 'mlops.listener.callback_ms'").count() >= 1);
      List<String> titles = spark.read().format("mlops").option("store", store.toString())
          .option("table", "events").load().orderBy("time").select("title")
          .as(Encoders.STRING()).collectAsList();
      assertEquals(List.of("application started", "application ended"), titles);
    } finally {
      spark.stop();
    }
  }

  /** Runs {@code main} of the demos under the real SparkSubmit with the assembly jar; returns its output. */
  private static String submit(Path work, Class<?> main, String... conf) throws Exception {
    List<String> options = new ArrayList<>(List.of(conf));
    options.addAll(List.of("--jars", ASSEMBLY.toString(), "--class", main.getName(),
        EXAMPLES.toString()));
    return submit(work, 0, options);
  }

  /** Runs {@code main} of {@code jar} under the real SparkSubmit with {@code args}. */
  private static String submit(Path work, String main, Path jar, String... args) throws Exception {
    List<String> options = new ArrayList<>(List.of("--class", main, jar.toString()));
    options.addAll(List.of(args));
    return submit(work, 0, options);
  }

  /** As {@link #submit(Path, String, Path, String...)}, for a run refused with status 2. */
  private static String submitFailing(Path work, String main, Path jar, String... args)
      throws Exception {
    List<String> options = new ArrayList<>(List.of("--class", main, jar.toString()));
    options.addAll(List.of(args));
    return submit(work, 2, options);
  }

  private static String submit(Path work, int status, List<String> options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(System.getProperty("spark.jvm.opts").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j.conf"));
    command.addAll(List.of("-cp", sparkOnlyClasspath(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.warehouse.dir=" + work.resolve("warehouse")));
    command.addAll(options);
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES));
    assertEquals(status, process.exitValue(), output);
    return output;
  }

  /** The test classpath minus this project and Delta: what a plain Spark distribution has. */
  private static String sparkOnlyClasspath() {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.contains("/io/github/sparkmlops/"))
        .filter(entry -> !entry.contains("/io/delta/") && !entry.contains("/io/unitycatalog/"))
        .filter(entry -> !entry.contains("/target/"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
