package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Flush latency of the store writer (Delta Kernel, from the driver) against delta-spark appending
 * the same rows from the same driver, in one JVM and one run. Prints a Markdown table.
 *
 * <p>Ours: {@code n} stats are reported, then {@code flush()} is timed: one idempotent Delta commit.
 * Peers: the same rows, converted to Spark rows with the same schema, appended with
 * {@code df.write.format("delta").mode("append")}, once plainly and once with
 * {@code txnAppId}/{@code txnVersion} (idempotent, as ours is). Timings include building the
 * DataFrame, since ours includes encoding the rows.
 *
 * <p>Arguments, all optional, for short profiling runs: the sizes, comma-separated (default
 * {@code 10,1000,100000}), the measured runs per size (default 21, 7 from 100,000 records), and
 * {@code ours} to time our flush alone, without the peers (a profile of the flusher alone).
 */
public final class FlushBenchmark {

  private static final int[] SIZES = {10, 1_000, 100_000};
  private static final int WARMUP = 10;

  private FlushBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length > 0
        ? Arrays.stream(args[0].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray()
        : SIZES;
    int fixedRuns = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    boolean peers = !(args.length > 2 && args[2].equals("ours"));
    Path dir = Files.createTempDirectory("spark-mlops-bench-");
    SparkSession spark = BenchSpark.builder("spark-mlops-flush-benchmark")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config(MLOpsConfig.STORE, dir.resolve("ours").toString())
        .config(MLOpsConfig.FLUSH_INTERVAL, "1h")
        .config(MLOpsConfig.BUFFER_CAPACITY, "200000")
        // else the peers' appends are recorded as lineage, and each timed flush commits the lineage
        // table too: two commits, where one is meant
        .config(MLOpsConfig.LINEAGE_ENABLED, "false")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    RunContext context = mlops.context();

    StringBuilder table = new StringBuilder()
        .append("| records | runs | ours: median flush (ms) | ours: records/s "
            + "| delta-spark append (ms) | delta-spark idempotent append (ms) "
            + "| ratio append / ours | ratio idempotent / ours |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    long txnVersion = 0;
    StructType schema = null;
    for (int n : sizes) {
      int runs = fixedRuns > 0 ? fixedRuns : n >= 100_000 ? 7 : 21;
      double[] ours = new double[runs];
      double[] plain = new double[runs];
      double[] idempotent = new double[runs];
      for (int r = -WARMUP; r < runs; r++) {
        for (int i = 0; i < n; i++) {
          mlops.setStat("bench.metric", i);
        }
        long start = System.nanoTime();
        FlushReport report = mlops.flush();
        double oursMs = (System.nanoTime() - start) / 1e6;
        if (!report.complete()) {
          throw new IllegalStateException("flush incomplete: " + report);
        }
        if (schema == null) {
          schema = spark.read().format("delta").load(dir.resolve("ours/stats").toString()).schema();
        }
        if (!peers) {
          if (r >= 0) {
            ours[r] = oursMs;
          }
          continue;
        }
        List<Row> rows = sparkRows(context, n);
        start = System.nanoTime();
        spark.createDataFrame(rows, schema).write().format("delta").mode("append")
            .partitionBy(StoreSchema.DATE).save(dir.resolve("plain").toString());
        double plainMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        spark.createDataFrame(rows, schema).write().format("delta").mode("append")
            .partitionBy(StoreSchema.DATE)
            .option("txnAppId", "bench").option("txnVersion", ++txnVersion)
            .save(dir.resolve("idempotent").toString());
        double idempotentMs = (System.nanoTime() - start) / 1e6;
        if (r >= 0) {
          ours[r] = oursMs;
          plain[r] = plainMs;
          idempotent[r] = idempotentMs;
        }
      }
      double o = median(ours);
      double p = median(plain);
      double i = median(idempotent);
      table.append(String.format("| %,d | %d | %.1f | %,.0f | %.1f | %.1f | %.1f× | %.1f× |%n",
          n, runs, o, n / (o / 1000), p, i, p / o, i / o));
      // the time, to split a profile of several sizes
      System.err.printf("n=%d done at %s: ours %.1f ms, plain %.1f ms, idempotent %.1f ms%n", n,
          java.time.LocalTime.now(), o, p, i);
    }
    mlops.done();
    System.out.println();
    System.out.print(table);
    spark.stop();
  }

  /** The rows ours writes for {@code n} stats. */
  static List<Object[]> statRows(RunContext context, int n) {
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(StoreSchema.statRow(new StatRecord(Instant.now(), context, "bench", i,
          "bench.metric", StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(i))));
    }
    return rows;
  }

  /** The rows ours wrote for {@code n} stats, as Spark rows of the same schema. */
  static List<Row> sparkRows(RunContext context, int n) {
    List<Row> rows = new ArrayList<>(n);
    for (Object[] row : statRows(context, n)) {
      long micros = (Long) row[0];
      row[0] = Instant.EPOCH.plusNanos(micros * 1000);
      row[1] = LocalDate.ofEpochDay((Integer) row[1]);
      rows.add(RowFactory.create(row));
    }
    return rows;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
