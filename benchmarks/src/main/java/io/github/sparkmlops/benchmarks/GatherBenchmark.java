package io.github.sparkmlops.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.MLOpsConfig;
import io.github.sparkmlops.MLOpsListener;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.aggregate.MLOpsFunctions;
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
 * Issue 4's measurements, in one run on the same cached data (10,000,000 rows x 10 columns: 6
 * numeric, 2 integral, 2 categorical): the one-pass profile against df.summary(), approx_percentile
 * on every numeric column and a plain agg(sum) (the floor); vector statistics against MLlib's
 * Summarizer; a 200-task shuffle job with and without MLOpsListener. Medians of 5 runs after 2
 * warm-ups.
 */
public final class GatherBenchmark {

  private static final int RUNS = 5;

  private GatherBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
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
    double summary = median(() -> data.summary().collectAsList().size());
    List<Column> percentiles = new ArrayList<>();
    for (String c : numeric) {
      percentiles.add(org.apache.spark.sql.functions.percentile_approx(col(c),
          org.apache.spark.sql.functions.lit(new double[] {0.05, 0.25, 0.5, 0.75, 0.95}),
          org.apache.spark.sql.functions.lit(10000)));
    }
    double approx = median(() -> data.agg(percentiles.get(0),
        percentiles.subList(1, percentiles.size()).toArray(new Column[0])).head());
    Column[] sums = Arrays.stream(numeric).map(c -> sum(col(c))).toArray(Column[]::new);
    double plain = median(() -> data.agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length)).head());

    Dataset<Row> vectors = new VectorAssembler()
        .setInputCols(new String[] {"n1", "n2", "n3", "n4", "n5", "n6"}).setOutputCol("features")
        .transform(data).select("features").cache();
    vectors.count();
    double ours = median(() -> vectors.agg(MLOpsFunctions.vectorSummary(col("features"))).head());
    double summarizer = median(() -> vectors.select(Summarizer.metrics("mean", "variance", "min",
        "max", "normL1", "normL2", "numNonZeros", "count").summary(col("features"))).head());

    Dataset<Row> shuffle = spark.range(0, 2_000_000, 1, 200).selectExpr("id % 1000 AS k", "id AS v");
    Supplier<Object> shuffleJob = () -> shuffle.groupBy("k").count().collectAsList().size();
    double without = median(shuffleJob);
    MLOps mlops = MLOps.init(spark);
    MLOpsListener listener = new MLOpsListener();
    spark.sparkContext().addSparkListener(listener);
    double with = median(shuffleJob);
    spark.sparkContext().removeSparkListener(listener);
    mlops.done();

    System.out.printf("%nprofile (one pass, every column)   %8.0f ms%n", profile);
    System.out.printf("df.summary()                       %8.0f ms   profile is %.1fx faster%n",
        summary, summary / profile);
    System.out.printf("approx_percentile, every numeric   %8.0f ms   profile is %.1fx faster%n",
        approx, approx / profile);
    System.out.printf("plain agg(sum), every numeric      %8.0f ms   profile is %.1fx the floor%n",
        plain, profile / plain);
    System.out.printf("vectorSummary (ours)               %8.0f ms%n", ours);
    System.out.printf("Summarizer                         %8.0f ms   ours is %.2fx its time%n",
        summarizer, ours / summarizer);
    System.out.printf("200-task shuffle, no listener      %8.0f ms%n", without);
    System.out.printf("200-task shuffle, MLOpsListener    %8.0f ms   overhead %+.1f%%%n",
        with, (with / without - 1) * 100);
    spark.stop();
  }

  private static double median(Supplier<?> run) {
    for (int i = 0; i < 2; i++) {
      run.get();
    }
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      run.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }
}
