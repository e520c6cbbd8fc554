package io.github.sparkmlops.benchmarks;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.kll_sketch_agg_double;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.MLOpsListener;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.aggregate.MLOpsFunctions;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.profile.ColumnProfile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The gathering benchmarks, in one run on the same cached data (10,000,000 rows x 10 columns: 6
 * double, 2 integral, 2 string; the row count is the first argument): the one-pass profile, by
 * profile() and through agg, against the same statistics from Spark's built-in sketches,
 * df.summary(), percentile_approx on every numeric column and a plain agg(sum) (the floor: over
 * the numeric columns, and over every column with strings summed by length); the profile and the
 * floor again on the same rows as Parquet; vector statistics against MLlib's Summarizer; a
 * 200-task shuffle job with and without MLOpsListener. Medians of 5 runs after 2 warm-ups; the
 * shuffle job runs in 31 pairs without and with the listener, the order swapped every pair, and
 * the overhead is the median of the pairs' ratios.
 *
 * <p>Arguments: {@code [rows] [profile]}, default {@code 10000000}; a second argument {@code
 * profile} times only the profile (both routes) and the numeric floor, cached and on Parquet, for
 * a short run under a profiler.
 */
public final class GatherBenchmark {

  private static final int RUNS = 5;
  private static final int LISTENER_RUNS = 31;

  private GatherBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    boolean profileOnly = args.length > 1 && args[1].equals("profile");
    SparkSession spark = BenchSpark.builder("gather-benchmark")
        .config(MLOpsConfig.STORE, Files.createTempDirectory("gather-bench").resolve("store").toString())
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    Dataset<Row> data = spark.range(rows).selectExpr(
        "rand(1) AS n1", "randn(2) * 10 AS n2", "rand(3) * 1000 AS n3", "randn(4) AS n4",
        "rand(5) * rand(6) AS n5", "exp(randn(7)) AS n6",
        "CAST(rand(8) * 1000000 AS BIGINT) AS i1", "CAST(rand(9) * 100000 AS INT) AS i2",
        "concat('c', CAST(CAST(rand(10) * 50 AS INT) AS STRING)) AS s1",
        "IF(rand(11) < 0.3, 'churn', 'stay') AS s2").cache();
    System.out.printf("cached %,d rows x %d columns%n", data.count(), data.columns().length);

    String[] numeric = {"n1", "n2", "n3", "n4", "n5", "n6", "i1", "i2"};
    DataProfiler profiler = DataProfiler.forSchema(data.schema());
    double profile = median(() -> profiler.profile(data).rows());
    report("profile (one pass, every column)", profile, "");
    double throughAgg = median(() -> data.agg(profiler.column()).head());
    report("the same through agg (observe's path)", throughAgg, "");
    if (!profileOnly) {
      peers(data, numeric, profile);
    }
    Column[] sums = Arrays.stream(numeric).map(c -> sum(col(c))).toArray(Column[]::new);
    double plain = median(() -> data.agg(sums[0], tail(sums)).head());
    report("plain agg(sum), every numeric", plain,
        String.format("profile takes %.1fx the floor, through agg %.1fx", profile / plain,
            throughAgg / plain));
    // the same floor over every column: a string column's lengths are summed, which reads it
    Column[] everySum = Arrays.copyOf(sums, sums.length + 2);
    everySum[sums.length] = sum(length(col("s1")));
    everySum[sums.length + 1] = sum(length(col("s2")));
    double plainEvery = median(() -> data.agg(everySum[0], tail(everySum)).head());
    report("plain agg(sum), every column", plainEvery,
        String.format("profile takes %.1fx the floor, through agg %.1fx", profile / plainEvery,
            throughAgg / plainEvery));

    // the same rows as Parquet files, where the scan hands out column batches
    String parquetPath = Files.createTempDirectory("gather-bench").resolve("rows").toString();
    data.write().parquet(parquetPath);
    Dataset<Row> parquet = spark.read().parquet(parquetPath);
    double parquetProfile = median(() -> profiler.profile(parquet).rows());
    report("Parquet: profile", parquetProfile, "");
    double parquetAgg = median(() -> parquet.agg(profiler.column()).head());
    report("Parquet: the same through agg", parquetAgg, "");
    double parquetPlain = median(() -> parquet.agg(sums[0], tail(sums)).head());
    report("Parquet: plain agg(sum), every numeric", parquetPlain,
        String.format("profile takes %.1fx the floor, through agg %.1fx",
            parquetProfile / parquetPlain, parquetAgg / parquetPlain));
    if (!profileOnly) {
      vectorsAndListener(spark, data);
    }
    spark.stop();
  }

  /** The profile's peers other than the floor: Spark's built-ins, summary(), percentile_approx. */
  private static void peers(Dataset<Row> data, String[] numeric, double profile) {
    Column[] builtIns = builtInProfile(numeric, new String[] {"s1", "s2"});
    double builtIn = median(() -> data.agg(builtIns[0], tail(builtIns)).head());
    report("the same from Spark's built-ins", builtIn,
        String.format("profile is %.1fx faster", builtIn / profile));
    double summary = median(() -> data.summary().collectAsList().size());
    report("df.summary()", summary, String.format("profile is %.1fx faster", summary / profile));
    Column[] percentiles = Arrays.stream(numeric).map(c -> percentile_approx(col(c),
        lit(ColumnProfile.QUANTILE_RANKS), lit(10_000))).toArray(Column[]::new);
    double approx = median(() -> data.agg(percentiles[0], tail(percentiles)).head());
    report("percentile_approx, every numeric", approx,
        String.format("profile is %.1fx faster", approx / profile));
  }

  /** Vector statistics against MLlib's Summarizer, and the listener's overhead on a shuffle. */
  private static void vectorsAndListener(SparkSession spark, Dataset<Row> data) {
    Dataset<Row> vectors = new VectorAssembler()
        .setInputCols(new String[] {"n1", "n2", "n3", "n4", "n5", "n6"}).setOutputCol("features")
        .transform(data).select("features").cache();
    vectors.count();
    double ours = median(() -> vectors.agg(MLOpsFunctions.vectorSummary(col("features"))).head());
    report("vectorSummary (ours)", ours, "");
    double summarizer = median(() -> vectors.select(Summarizer.metrics("mean", "variance", "min",
        "max", "normL1", "normL2", "numNonZeros", "count").summary(col("features"))).head());
    report("Summarizer", summarizer, String.format("ours takes %.2fx its time", ours / summarizer));

    Dataset<Row> shuffle = spark.range(0, 2_000_000, 1, 200).selectExpr("id % 1000 AS k", "id AS v");
    Supplier<Object> shuffleJob = () -> shuffle.groupBy("k").count().collectAsList().size();
    MLOps mlops = MLOps.init(spark);
    MLOpsListener listener = new MLOpsListener();
    // pairs of runs without and with the listener, the order swapped every pair, so drift in
    // the machine and the cost of going second hit both alike; the overhead is the median of the
    // pairs' ratios
    double[] without = new double[LISTENER_RUNS];
    double[] with = new double[LISTENER_RUNS];
    double[] ratios = new double[LISTENER_RUNS];
    Supplier<Double> withListener = () -> {
      spark.sparkContext().addSparkListener(listener);
      double ms = time(shuffleJob);
      mlops.flush();
      spark.sparkContext().removeSparkListener(listener);
      return ms;
    };
    for (int i = -2; i < LISTENER_RUNS; i++) {
      double a;
      double b;
      if ((i & 1) == 1) {
        b = withListener.get();
        a = time(shuffleJob);
      } else {
        a = time(shuffleJob);
        b = withListener.get();
      }
      if (i >= 0) {
        without[i] = a;
        with[i] = b;
        ratios[i] = b / a;
      }
    }
    report("200-task shuffle, no listener", median(without), "");
    report("200-task shuffle, MLOpsListener", median(with),
        String.format("overhead %+.1f%% (median of %d paired ratios)",
            (median(ratios) - 1) * 100, LISTENER_RUNS));
    mlops.done();
  }

  /**
   * The profile's statistics from Spark's own aggregates and sketches (KLL, HyperLogLog++,
   * approx_top_k): the route DataProfiler does not take, measured for comparison.
   */
  private static Column[] builtInProfile(String[] numeric, String[] categorical) {
    List<Column> out = new ArrayList<>();
    out.add(count(lit(1)));
    for (String name : numeric) {
      Column c = col(name).cast("double");
      Column valid = when(not(isnan(c)), c);
      out.addAll(List.of(count(c), count(when(c.equalTo(0), true)), count(when(isnan(c), true)),
          min(valid), max(valid), avg(valid), stddev_samp(valid), kll_sketch_agg_double(valid)));
    }
    for (String name : categorical) {
      Column c = col(name);
      out.addAll(List.of(count(c), approx_count_distinct(c),
          call_function("approx_top_k", c, lit(20), lit(10_000)), avg(length(c))));
    }
    return out.toArray(new Column[0]);
  }

  private static Column[] tail(Column[] columns) {
    return Arrays.copyOfRange(columns, 1, columns.length);
  }

  private static void report(String what, double ms, String comparison) {
    System.out.printf("%-36s %8.0f ms   %s%n", what, ms, comparison);
  }

  private static double time(Supplier<?> run) {
    return Timing.millis(run::get);
  }

  private static double median(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double median(Supplier<?> run) {
    return Timing.medianMillis(2, RUNS, run::get);
  }
}
