package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.LocalCluster;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.profile.DataProfile;
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
    SparkSession spark =
        LocalCluster.session("local-cluster[2,1,1024]", "local-cluster-accumulators")
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
        + job.column("k").distinct() + " " + agree(job, agg));
    mlops.done();
    spark.stop();
  }

  /**
   * Whether two profiles of the same data agree: every field exactly, except the mean and the
   * standard deviation, whose merge (Chan's formula) rounds differently in another merge order.
   */
  private static boolean agree(DataProfile a, DataProfile b) {
    if (a.rows() != b.rows() || a.columns().size() != b.columns().size()) {
      return false;
    }
    for (int i = 0; i < a.columns().size(); i++) {
      ColumnProfile x = a.columns().get(i);
      ColumnProfile y = b.columns().get(i);
      if (!close(x.mean(), y.mean()) || !close(x.stddev(), y.stddev())
          || !withoutMoments(x).equals(withoutMoments(y))) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(Double x, Double y) {
    return x == null ? y == null : y != null && Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x));
  }

  private static ColumnProfile withoutMoments(ColumnProfile c) {
    return new ColumnProfile(c.column(), c.kind(), c.count(), c.missing(), c.zeros(), c.nanCount(),
        c.min(), c.max(), null, null, c.quantiles(), c.distinct(), c.averageLength(), c.histogram(),
        c.vectorStats());
  }
}
