package io.github.sparkmlops.benchmarks;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.MLOpsListener;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Structured Streaming with spark-mlops, two measures in one run:
 *
 * <ol>
 *   <li><b>Reporting overhead.</b> A rate-source pipeline ({@code rate-micro-batch}, one million
 *       rows a batch, a computed score, the {@code noop} sink, batches back to back) runs at its
 *       highest sustained rate without reporting, with {@link MLOpsListener} on the bus (progress
 *       stats every batch), and with the listener plus {@link MLOps#observe} profiling two columns
 *       of every row of every batch, and with the listener plus {@code health().monitor}
 *       comparing those two columns of every batch with a stored baseline, and with the listener
 *       plus Spark's own {@code Dataset.observe} of a plain aggregate of the two columns (count,
 *       sum, min, max) or of the row count alone: what Spark's route for per-batch metrics costs
 *       by itself, against which {@code observe}'s profile is judged. The
 *       rate is rows over the batches' own trigger time, warm-up batches excluded; each round runs
 *       every arm once, the order rotated every round, and an overhead is the median of the
 *       rounds' ratios.
 *   <li><b>Latency.</b> A probe stat is reported and {@code flush()}ed every half second while two
 *       streams tail the same stats table, {@code readStream.format("mlops")} and delta-spark's
 *       {@code readStream.format("delta")}, both triggered every 100 ms; the time from the
 *       {@code flush()} call to the probe's arrival in each stream's {@code foreachBatch}.
 * </ol>
 *
 * <p>Arguments: {@code [rounds] [probes] [arms]}, default {@code 7 40} and every arm; for a short
 * run under a profiler, {@code probes} 0 skips the latency measure and {@code arms} names the arms
 * to run, comma-separated ({@code NONE,LISTENER_AND_PROFILE}; the overheads are against {@code
 * NONE}, which always runs).
 */
public final class StreamBenchmark {

  private static final long ROWS_PER_BATCH = 1_000_000;
  private static final String BASELINE = "rate.baseline";
  private static final int WARMUP_BATCHES = 3;
  private static final int MEASURED_BATCHES = 30;

  private StreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    EnumSet<Reporting> arms = EnumSet.of(Reporting.NONE);
    for (String arm : args.length > 2 ? args[2].split(",") : new String[0]) {
      arms.add(Reporting.valueOf(arm.trim()));
    }
    if (arms.size() == 1) {
      arms = EnumSet.allOf(Reporting.class);
    }
    Path dir = Files.createTempDirectory("spark-mlops-stream-bench-");
    SparkSession spark = BenchSpark.builder("spark-mlops-stream-benchmark")
        .config(MLOpsConfig.STORE, dir.resolve("store").toString())
        // the listener is added and removed by hand, around the runs with reporting
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    try {
      overhead(spark, mlops, rounds, arms.toArray(new Reporting[0]));
      if (probes > 0) {
        latency(spark, mlops, dir, probes);
      }
    } finally {
      mlops.done();
      spark.stop();
    }
  }

  // ---------------------------------------------------------------- overhead

  /**
   * What a run reports: nothing, the listener's progress stats, those and a profile, or those and
   * the drift of every batch ({@code health().monitor}).
   */
  private enum Reporting {
    NONE, LISTENER, LISTENER_AND_PROFILE, LISTENER_AND_MONITOR, LISTENER_AND_PLAIN_OBSERVE,
    LISTENER_AND_COUNT_OBSERVE
  }

  private static void overhead(SparkSession spark, MLOps mlops, int rounds, Reporting[] arms)
      throws Exception {
    MLOpsListener listener = new MLOpsListener();
    // monitor's baseline: a profile of rows like the stream's
    mlops.setDataDistributionStat(BASELINE, spark.range(ROWS_PER_BATCH)
        .selectExpr("id % 10 AS k", "sin(id) * 3 + 1 AS score"));
    double[][] rates = new double[Reporting.values().length][rounds];
    // one run of each arm per round, the order rotated every round, so drift in the machine and
    // the cost of going first or last hit every arm alike
    for (int round = -1; round < rounds; round++) {
      for (int k = 0; k < arms.length; k++) {
        Reporting arm = arms[Math.floorMod(round + k, arms.length)];
        double rate = run(spark, mlops, listener, arm);
        System.err.printf(Locale.ROOT, "round %d: %s %.0f rows/s%n", round, arm, rate);
        if (round >= 0) {
          rates[arm.ordinal()][round] = rate;
        }
      }
    }
    mlops.flush();
    long recorded = spark.read().format("delta").load(mlops.storeRoot() + "/stats")
        .where("name = 'rate.rows'").count();
    boolean profiled = Arrays.asList(arms).contains(Reporting.LISTENER_AND_PROFILE);
    if (profiled && recorded < (long) rounds * MEASURED_BATCHES) {
      throw new IllegalStateException("the profiled runs stored " + recorded + " batch profiles");
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Rate source, %,d rows a batch, %d batches a run after %d "
        + "warm-up batches, %d rounds:%n%n", ROWS_PER_BATCH, MEASURED_BATCHES, WARMUP_BATCHES, rounds);
    System.out.println("| pipeline | rows/s (median) | overhead (median of the rounds' ratios) |");
    System.out.println("|---|---:|---:|");
    String[] labels = {"no reporting", "MLOpsListener (progress stats every batch)",
        "MLOpsListener + `observe` (profile of 2 columns every batch)",
        "MLOpsListener + `health().monitor` (drift of 2 columns every batch)",
        "MLOpsListener + Spark's `observe` of count, sum, min, max of the 2 columns",
        "MLOpsListener + Spark's `observe` of the row count alone"};
    for (Reporting arm : arms) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratios[r] = rates[0][r] / rates[arm.ordinal()][r];
      }
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", labels[arm.ordinal()],
          median(rates[arm.ordinal()]), arm == Reporting.NONE ? "—"
              : String.format(Locale.ROOT, "%+.1f%%", (median(ratios) - 1) * 100));
    }
    System.out.printf(Locale.ROOT, "%n%,d batch profiles stored; target: under 5%%.%n", recorded);
  }

  private static double run(SparkSession spark, MLOps mlops, MLOpsListener listener,
      Reporting arm) throws Exception {
    if (arm == Reporting.NONE) {
      return rowsPerSecond(spark, mlops, arm);
    }
    spark.sparkContext().addSparkListener(listener);
    try {
      return rowsPerSecond(spark, mlops, arm);
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(30));
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** One run's rate: rows over the measured batches' trigger time. */
  private static double rowsPerSecond(SparkSession spark, MLOps mlops, Reporting arm)
      throws Exception {
    Dataset<Row> rows = spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", ROWS_PER_BATCH).option("numPartitions", 2).load()
        .selectExpr("value % 10 AS k", "sin(value) * 3 + 1 AS score");
    if (arm == Reporting.LISTENER_AND_PROFILE) {
      rows = mlops.observe(rows, "rate", "score", "k");
    } else if (arm == Reporting.LISTENER_AND_MONITOR) {
      rows = mlops.health().monitor(rows, BASELINE, "score", "k");
    } else if (arm == Reporting.LISTENER_AND_PLAIN_OBSERVE) {
      rows = rows.observe("plain", count(lit(1)), sum("score"), min("score"), max("score"),
          sum("k"), min("k"), max("k"));
    } else if (arm == Reporting.LISTENER_AND_COUNT_OBSERVE) {
      rows = rows.observe("plain", count(lit(1)));
    }
    StreamingQuery query = rows.writeStream().format("noop")
        .trigger(Trigger.ProcessingTime(0)).start();
    try {
      int needed = WARMUP_BATCHES + MEASURED_BATCHES;
      while (query.lastProgress() == null || query.lastProgress().batchId() < needed - 1) {
        if (query.exception().isDefined()) {
          throw query.exception().get();
        }
        Thread.sleep(20);
      }
    } finally {
      query.stop();
    }
    boolean sparkObserve = arm == Reporting.LISTENER_AND_PLAIN_OBSERVE
        || arm == Reporting.LISTENER_AND_COUNT_OBSERVE;
    if (sparkObserve && !query.lastProgress().observedMetrics().containsKey("plain")) {
      throw new IllegalStateException("Spark's observe reported no metrics");
    }
    long inputRows = 0;
    long millis = 0;
    for (StreamingQueryProgress p : query.recentProgress()) {
      if (p.batchId() >= WARMUP_BATCHES && p.batchId() < WARMUP_BATCHES + MEASURED_BATCHES) {
        inputRows += p.numInputRows();
        millis += p.durationMs().get("triggerExecution");
      }
    }
    return inputRows * 1000.0 / millis;
  }

  // ---------------------------------------------------------------- latency

  private static void latency(SparkSession spark, MLOps mlops, Path dir, int probes)
      throws Exception {
    String stats = mlops.storeRoot() + "/stats";
    mlops.setStat("latency.probe", -1);
    mlops.flush();
    Map<Long, Long> oursArrived = new ConcurrentHashMap<>();
    Map<Long, Long> deltaArrived = new ConcurrentHashMap<>();
    StreamingQuery ours = tail(spark.readStream().format("mlops")
        .option("store", mlops.storeRoot()).load(), oursArrived, dir.resolve("cp-mlops"));
    StreamingQuery delta = tail(spark.readStream().format("delta").load(stats), deltaArrived,
        dir.resolve("cp-delta"));
    ours.processAllAvailable();
    delta.processAllAvailable();
    long[] sent = new long[probes];
    for (int i = 0; i < probes; i++) {
      sent[i] = System.nanoTime();
      mlops.setStat("latency.probe", i);
      mlops.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(oursArrived.containsKey((long) i) && deltaArrived.containsKey((long) i))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("probe " + i + " did not arrive: mlops "
              + oursArrived.containsKey((long) i) + ", delta " + deltaArrived.containsKey((long) i));
        }
        Thread.sleep(2);
      }
      Thread.sleep(500);
    }
    ours.stop();
    delta.stop();
    double[] oursMs = new double[probes];
    double[] deltaMs = new double[probes];
    for (int i = 0; i < probes; i++) {
      oursMs[i] = (oursArrived.get((long) i) - sent[i]) / 1e6;
      deltaMs[i] = (deltaArrived.get((long) i) - sent[i]) / 1e6;
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "From flush() to arrival in a stream tailing the stats table "
        + "(trigger every 100 ms), %d probes, one every ~0.5 s:%n%n", probes);
    System.out.println("| stream | p50 (ms) | p95 (ms) | max (ms) |");
    System.out.println("|---|---:|---:|---:|");
    row("`readStream.format(\"mlops\")`", oursMs);
    row("delta-spark `readStream.format(\"delta\")`", deltaMs);
    System.out.printf(Locale.ROOT, "%nmlops / delta-spark: p50 %.2f×, p95 %.2f×.%n",
        percentile(oursMs, 50) / percentile(deltaMs, 50),
        percentile(oursMs, 95) / percentile(deltaMs, 95));
  }

  private static StreamingQuery tail(Dataset<Row> source, Map<Long, Long> arrived, Path checkpoint)
      throws Exception {
    VoidFunction2<Dataset<Row>, Long> record = (batch, id) -> {
      long now = System.nanoTime();
      for (Row r : batch.collectAsList()) {
        arrived.put((long) r.getDouble(0), now);
      }
    };
    return source.where("name = 'latency.probe'").select("value").writeStream()
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.ProcessingTime("100 milliseconds"))
        .foreachBatch(record).start();
  }

  private static void row(String name, double[] ms) {
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", name, percentile(ms, 50),
        percentile(ms, 95), percentile(ms, 100));
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int at = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
  }

  private static double median(double[] values) {
    return percentile(values, 50);
  }
}
