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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void theDemoRunsUnderSparkSubmitWithTheAssemblyJar(@TempDir Path work) throws Exception {
    Path store = work.resolve("mlops-store");
    Run demo = submit(work, DemoJob.class,
        "--conf", "spark.mlops.store=" + store,
        "--conf", "spark.mlops.mlapp=submitted");
    String output = demo.stdout();

    assertTrue(output.matches("(?s).*spark-mlops demo: FlushReport\\[acknowledged=(\\d+), written=\\1, pending=0.*"),
        output);
    assertRow(output, "daily.revenue", "KPI", "7");
    assertRow(output, "training.data", "TABLE", "1");
    assertRow(output, "training.data.age", "HISTOGRAM", "1");
    assertRow(output, "rows.scored", "NUMBER", "1"); // the accumulator
    assertRow(output, "spark.job.duration_ms", "NUMBER", "\\d+"); // the listener MLOps.init installed
    assertTrue(output.contains("events table: 4 rows"), output);
    assertTrue(output.matches("(?s).*drift of age: wasserstein 0\\.\\d+ \\(threshold 0\\.10\\) drifted\n.*"),
        output);
    assertTrue(output.matches("(?s).*drift of label: jensenshannon 0\\.0\\d+ \\(threshold 0\\.10\\)\n.*"),
        output);
    assertRow(output, "health.drift_share", "NUMBER", "1");
    assertTrue(output.contains("model models:/churn/1 (Production, org.apache.spark.ml.PipelineModel) "
        + "served 1000 rows"), output);
    assertTrue(output.contains("SHOW TABLES IN mlops: stats, events, model_versions, model_history, "
        + "drift, reports, lineage, models, runs"), "all the store's tables, through SQL: " + output);
    assertTrue(output.matches("(?s).*model churn version 1: Production, accuracy 0\\.\\d\\d\n.*"), output);
    List<String> differences = DemoListing.differences(
        DemoListing.fromReadme(Path.of(System.getProperty("readme"))), output.lines().toList());
    assertTrue(differences.isEmpty(), "README.md's demo listing (the block after "
        + DemoListing.MARKER + ") is not what the demo prints now:\n  "
        + String.join("\n  ", differences) + "\nThe demo printed:\n" + output);
    assertQuietAndTidy(demo);
    Path page = store.resolveSibling("mlops-report.html");
    assertTrue(output.contains("report: " + page), output);
    String html = Files.readString(page, StandardCharsets.US_ASCII);
    assertTrue(html.contains("\"name\":\"daily.revenue\""), "the demo's KPI is in its report");

    // any store, rendered by a person with ReportMain on the assembly alone
    String rendered = submit(work, "io.github.sparkmlops.report.ReportMain", ASSEMBLY,
        "--store", store.toString(), "--out", "reports/training.html", "--stat", "training.",
        "--mlapp", "submitted").all();
    Path training = work.resolve("reports/training.html");
    assertTrue(rendered.contains(training.toString()), rendered);
    html = Files.readString(training, StandardCharsets.US_ASCII);
    assertTrue(html.contains("\"name\":\"training.data.age\""), "the filter's stats are in it");
    assertFalse(html.contains("\"name\":\"daily.revenue\""), "the others are not");
    String refused = submitFailing(work, "io.github.sparkmlops.report.ReportMain", ASSEMBLY,
        "--store", work.resolve("no store here").toString()).all();
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
  void theStreamingDemoFindsTheDriftedColumnFromTheShiftedBatchOn(@TempDir Path work)
      throws Exception {
    Run demo = submit(work, StreamingJob.class,
        "--conf", "spark.mlops.store=" + work.resolve("mlops-store"));
    String output = demo.stdout();
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
    assertQuietAndTidy(demo);
  }

  @Test
  void aJobWithNoMlopsCodeIsRecordedThroughExtraListenersAlone(@TempDir Path work)
      throws Exception {
    Path store = work.resolve("mlops-store");
    String output = submit(work, PlainSparkJob.class,
        "--conf", "spark.extraListeners=io.github.sparkmlops.MLOpsListener",
        "--conf", "spark.mlops.store=" + store).all();
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

  /** Asserts the listing has the row {@code name type count} ({@code count} a regex). */
  private static void assertRow(String output, String name, String type, String count) {
    assertTrue(output.matches("(?s).*\n  " + Pattern.quote(name) + " +" + type + " +" + count + "\n.*"),
        name + " " + type + " " + count + " is listed: " + output);
  }

  /** The demo's console shows its listing, not warnings, and it leaves nothing in /tmp. */
  private static void assertQuietAndTidy(Run demo) throws IOException {
    assertEquals(List.of(), demo.warnings(), "the demo's console shows its listing, not warnings: "
        + "quiet noise in examples/conf/log4j2.properties, or fix what spark-mlops warns about");
    assertEquals(List.of(), demo.tempFilesLeft(), "what the demo left in its java.io.tmpdir");
  }

  /**
   * What a spark-submit run printed: its standard output (the listing), its standard error (the
   * log), and its java.io.tmpdir, a folder of its own, to see what it left there.
   */
  private record Run(String stdout, String stderr, Path tmp) {

    String all() {
      return stdout + stderr;
    }

    /** The log's warnings and errors (the log4j layout of examples/conf: time, level, logger). */
    List<String> warnings() {
      return stderr.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR|FATAL) .*")).toList();
    }

    /** What the run left in its java.io.tmpdir. */
    List<String> tempFilesLeft() throws IOException {
      try (Stream<Path> left = Files.list(tmp)) {
        return left.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }
  }

  /** Runs {@code main} of the demos under the real SparkSubmit with the assembly jar. */
  private static Run submit(Path work, Class<?> main, String... conf) throws Exception {
    List<String> options = new ArrayList<>(List.of(conf));
    options.addAll(List.of("--jars", ASSEMBLY.toString(), "--class", main.getName(),
        EXAMPLES.toString()));
    return submit(work, 0, options);
  }

  /** Runs {@code main} of {@code jar} under the real SparkSubmit with {@code args}. */
  private static Run submit(Path work, String main, Path jar, String... args) throws Exception {
    List<String> options = new ArrayList<>(List.of("--class", main, jar.toString()));
    options.addAll(List.of(args));
    return submit(work, 0, options);
  }

  /** As {@link #submit(Path, String, Path, String...)}, for a run refused with status 2. */
  private static Run submitFailing(Path work, String main, Path jar, String... args)
      throws Exception {
    List<String> options = new ArrayList<>(List.of("--class", main, jar.toString()));
    options.addAll(List.of(args));
    return submit(work, 2, options);
  }

  private static Run submit(Path work, int status, List<String> options) throws Exception {
    Path tmp = Files.createTempDirectory(work, "tmp-");
    Path stderr = Files.createTempFile(work, "stderr-", ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(System.getProperty("spark.jvm.opts").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j.conf"));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(List.of("-cp", sparkOnlyClasspath(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.warehouse.dir=" + work.resolve("warehouse")));
    command.addAll(options);
    // standard error to a file, so that reading standard output to its end cannot block the child
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectError(stderr.toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES));
    Run run = new Run(stdout, Files.readString(stderr, StandardCharsets.UTF_8), tmp);
    assertEquals(status, process.exitValue(), run.all());
    return run;
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
