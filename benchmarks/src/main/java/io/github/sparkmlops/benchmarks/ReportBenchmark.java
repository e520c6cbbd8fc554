package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.HeadlessChromium;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.report.StoreReport;
import io.github.sparkmlops.value.Histogram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.sql.SparkSession;

/**
 * The HTML report benchmark: the report of a store of 1,000,000 stats rows over 1,000 names, 50
 * histograms, 10,000 events and 20 model versions: the time to make it, its size, and its load time
 * in headless Chromium; against the same tables exported as plain JSON by Spark ({@code
 * df.write().json}) in the same run, the peer for both time and size. Medians of 3 runs after one
 * warm-up.
 */
public final class ReportBenchmark {

  private static final int RUNS = 3;
  private static final int NAMES = 1_000;
  private static final List<String> TABLES =
      List.of("stats", "events", "model_versions", "model_history", "drift");

  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = Files.createTempDirectory("report-bench");
    Path store = work.resolve("store");
    SparkSession spark = BenchSpark.builder("report-benchmark")
        .config(MLOpsConfig.STORE, store.toString())
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    fill(spark, rows);

    Path page = work.resolve("report.html");
    double report = Timing.medianMillis(1, RUNS,
        () -> StoreReport.of(spark, store.toString()).write(page));
    long pageBytes = Files.size(page);
    Path exported = work.resolve("json");
    double export = Timing.medianMillis(1, RUNS, () -> exportJson(spark, store, exported));
    long jsonBytes = bytes(exported);
    System.out.printf(Locale.ROOT, "store: %,d stats rows over %,d names, 50 histograms, "
        + "10,000 events, 20 model versions%n", rows, NAMES);
    System.out.printf(Locale.ROOT, "%-44s %8.0f ms   %,12d bytes%n", "report (StoreReport.write)",
        report, pageBytes);
    System.out.printf(Locale.ROOT, "%-44s %8.0f ms   %,12d bytes%n",
        "plain JSON export (df.write().json)", export, jsonBytes);
    System.out.printf(Locale.ROOT, "report / export: time %.2fx, size %.4fx%n", report / export,
        (double) pageBytes / jsonBytes);
    spark.stop();

    try (HeadlessChromium browser = HeadlessChromium.launch()) {
      double[] loads = new double[RUNS];
      browser.open(page);
      for (int i = 0; i < RUNS; i++) {
        browser.open(page);
        loads[i] = browser.loadMillis();
      }
      java.util.Arrays.sort(loads);
      System.out.printf(Locale.ROOT, "%-44s %8.0f ms   (console errors %d, network requests %d)%n",
          "load in headless Chromium", loads[RUNS / 2], browser.consoleMessages().size(),
          browser.requests().size());
    }
  }

  /** The store: {@code rows} KPIs over 1,000 names, 50 histograms, 10,000 events, 20 versions. */
  private static void fill(SparkSession spark, int rows) {
    MLOps mlops = MLOps.init(spark);
    Instant start = Instant.now().minusSeconds(30L * 24 * 3600);
    for (int i = 0; i < rows; i++) {
      int name = i % NAMES;
      mlops.setKpi(String.format(Locale.ROOT, "metric.%04d", name),
          Math.sin(i / 5_000.0) + name, start.plusSeconds(i * 2L));
      if (i % 100_000 == 99_999) {
        mlops.flush();
      }
    }
    for (int h = 0; h < 50; h++) {
      double[] counts = new double[20];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = (b + h) % 7 + 1;
      }
      double[] edges = new double[21];
      for (int e = 0; e < edges.length; e++) {
        edges[e] = e;
      }
      mlops.setStat("hist." + h, Histogram.continuous(edges, counts));
    }
    for (int e = 0; e < 10_000; e++) {
      mlops.event(Event.builder(e % 10 == 0 ? EventType.DATA_ALERT : EventType.GENERIC,
          "event " + e).message("the " + e + "th event").build());
    }
    for (int v = 0; v < 20; v++) {
      mlops.publishModel("model-" + (v % 4), new Binarizer().setThreshold(v / 20.0));
    }
    mlops.done();
  }

  private static void exportJson(SparkSession spark, Path store, Path out) {
    for (String table : TABLES) {
      spark.read().format("mlops").option("store", store.toString()).option("table", table)
          .load().write().mode("overwrite").json(out.resolve(table).toString());
    }
  }

  private static long bytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-"))
          .mapToLong(f -> {
            try {
              return Files.size(f);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
