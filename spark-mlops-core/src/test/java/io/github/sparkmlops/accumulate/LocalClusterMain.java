package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.aggregate.DataProfiler;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A job on Spark's local-cluster master (two executors, each a JVM of its own): accumulators are
 * updated in both executors and merged on the driver, and a Dataset spread over both is
 * profiled. Prints the merged values for the test.
 */
public final class LocalClusterMain {

  private LocalClusterMain() {}

  public static void main(String[] args) throws Exception {
    String jvmFlags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore"))
        .collect(Collectors.joining(" "));
    SparkSession spark = SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName("local-cluster-accumulators")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.extraJavaOptions", jvmFlags)
        .config(MLOpsConfig.STORE, args[0])
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HistogramAccumulator hist = mlops.histogramAccumulator("cluster.hist", 0, 100, 200);
    CountAccumulator count = mlops.countAccumulator("cluster.count");
    CategoryAccumulator executors = mlops.categoryAccumulator("cluster.executors");
    JavaRDD<Integer> data = jsc.parallelize(IntStream.range(0, 200).boxed().toList(), 8);
    data.foreachPartition(it -> {
      String executor = org.apache.spark.SparkEnv.get().executorId();
      while (it.hasNext()) {
        int i = it.next();
        hist.add((double) i);
        count.increment();
        executors.add(executor);
      }
    });
    double[] bins = hist.value().histogram().counts();
    System.out.println("HIST " + bins[1] + " " + bins[2]);
    System.out.println("COUNT " + count.value().count());
    System.out.println("EXECUTORS " + executors.value().counts().size());
    // the profile's own job and its aggregate, with partitions in both executors
    Dataset<Row> rows = spark.range(0, 1_000, 1, 8)
        .selectExpr("CAST(id AS DOUBLE) AS x", "CONCAT('k', CAST(id % 7 AS STRING)) AS k");
    DataProfiler profiler = DataProfiler.forSchema(rows.schema());
    DataProfile job = profiler.profile(rows);
    DataProfile agg = profiler.read(rows.agg(profiler.column()).head());
    System.out.println("PROFILE " + job.rows() + " " + job.column("x").mean() + " "
        + job.column("k").distinct() + " " + job.equals(agg));
    mlops.done();
    spark.stop();
  }
}
