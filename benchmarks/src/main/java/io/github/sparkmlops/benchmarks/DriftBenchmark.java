package io.github.sparkmlops.benchmarks;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The drift benchmark: the drift of 10,000,000 cached rows x 10 columns (8 numeric, 2 strings;
 * the row count is the first argument) from a stored baseline (a profile of 1,000,000 other rows,
 * stored once), against two peers on the same rows in the same run:
 *
 * <ul>
 *   <li>a plain aggregate over the same columns, the floor of any one pass: {@code agg(sum)} (a
 *       string's lengths summed), and {@code agg(count, min, max, avg, stddev)};
 *   <li>the same statistics the way a Spark user computes them without this library: {@code
 *       approxQuantile} of every numeric column at 100 ranks on both sides (for KS and W1; both
 *       sides, since nothing is stored), and per string column the join of two {@code
 *       groupBy(column).count()}s, one per side (for chi-square, JS and PSI).
 * </ul>
 *
 * Medians of 5 runs after 2 warm-ups.
 */
public final class DriftBenchmark {

  private static final int RUNS = 5;
  private static final String[] NUMERIC = {"n1", "n2", "n3", "n4", "n5", "n6", "i1", "i2"};
  private static final String[] STRINGS = {"s1", "s2"};

  private DriftBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    SparkSession spark = BenchSpark.builder("drift-benchmark")
        .config(MLOpsConfig.STORE,
            Files.createTempDirectory("drift-bench").resolve("store").toString())
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> current = rows(spark, rows, 0).cache();
    Dataset<Row> baseline = rows(spark, rows / 10, 100).cache();
    System.out.printf(Locale.ROOT, "cached %,d current and %,d baseline rows x %d columns%n",
        current.count(), baseline.count(), current.columns().length);
    mlops.setDataDistributionStat("baseline", baseline);

    double drift = median(() -> mlops.health().drift("baseline", current).driftShare());
    DriftReport report = mlops.health().drift("baseline", current);
    report("drift from the stored baseline", drift, String.format(Locale.ROOT,
        "%d columns, %d drifted", report.features().size(), report.driftedFeatures().size()));

    List<Column> sums = new ArrayList<>();
    Arrays.stream(NUMERIC).forEach(c -> sums.add(sum(col(c))));
    Arrays.stream(STRINGS).forEach(c -> sums.add(sum(length(col(c)))));
    double plainSum = median(() -> agg(current, sums));
    report("plain agg(sum), every column", plainSum,
        String.format(Locale.ROOT, "drift takes %.2fx its time", drift / plainSum));
    List<Column> summary = new ArrayList<>();
    for (String c : NUMERIC) {
      summary.addAll(List.of(count(col(c)), min(col(c)), max(col(c)), avg(col(c)),
          stddev_samp(col(c))));
    }
    for (String c : STRINGS) {
      summary.addAll(List.of(count(col(c)), min(col(c)), max(col(c))));
    }
    double plainSummary = median(() -> agg(current, summary));
    report("plain agg(count, min, max, avg, stddev)", plainSummary,
        String.format(Locale.ROOT, "drift takes %.2fx its time", drift / plainSummary));

    double[] ranks = new double[99];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = (i + 1) / 100.0;
    }
    double byHand = median(() -> {
      double[][] cur = current.stat().approxQuantile(NUMERIC, ranks, 0.001);
      double[][] base = baseline.stat().approxQuantile(NUMERIC, ranks, 0.001);
      double distance = 0;
      for (int c = 0; c < NUMERIC.length; c++) {
        for (int r = 0; r < ranks.length; r++) {
          distance += Math.abs(cur[c][r] - base[c][r]);
        }
      }
      for (String c : STRINGS) {
        Dataset<Row> joined = current.groupBy(c).count().withColumnRenamed("count", "cur")
            .join(baseline.groupBy(c).count().withColumnRenamed("count", "base"),
                new String[] {c}, "full_outer");
        distance += joined.agg(sum(abs(coalesce(col("cur"), lit(0))
            .minus(coalesce(col("base"), lit(0)))))).head().getLong(0);
      }
      return distance;
    });
    report("approxQuantile + joined groupBy counts", byHand,
        String.format(Locale.ROOT, "drift is %.1fx faster", byHand / drift));
    mlops.done();
    spark.stop();
  }

  /** Rows like GatherBenchmark's; {@code shift} seeds a different sample. */
  private static Dataset<Row> rows(SparkSession spark, long n, int shift) {
    return spark.range(n).selectExpr(
        "rand(" + (1 + shift) + ") AS n1", "randn(" + (2 + shift) + ") * 10 AS n2",
        "rand(" + (3 + shift) + ") * 1000 AS n3", "randn(" + (4 + shift) + ") AS n4",
        "rand(" + (5 + shift) + ") * rand(" + (6 + shift) + ") AS n5",
        "exp(randn(" + (7 + shift) + ")) AS n6",
        "CAST(rand(" + (8 + shift) + ") * 1000000 AS BIGINT) AS i1",
        "CAST(rand(" + (9 + shift) + ") * 100000 AS INT) AS i2",
        "concat('c', CAST(CAST(rand(" + (10 + shift) + ") * 50 AS INT) AS STRING)) AS s1",
        "IF(rand(" + (11 + shift) + ") < 0.3, 'churn', 'stay') AS s2");
  }

  private static Object agg(Dataset<Row> df, List<Column> columns) {
    return df.agg(columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0]))
        .head();
  }

  private static void report(String what, double ms, String comparison) {
    System.out.printf(Locale.ROOT, "%-42s %8.0f ms   %s%n", what, ms, comparison);
  }

  private static double median(Supplier<?> run) {
    return Timing.medianMillis(2, RUNS, run::get);
  }
}
