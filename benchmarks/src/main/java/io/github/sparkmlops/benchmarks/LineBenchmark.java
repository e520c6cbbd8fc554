package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.profile.DataProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the fallbacks of the Spark-internal seams cost on the Spark line this JVM runs
 * (docs/compatibility.md): the full scan of a store through Spark's Parquet reader and through Kernel's,
 * against delta-spark on the same table; and the profile through its own job and through its
 * aggregate fallback, against Spark's {@code describe()} (count, mean, stddev, min, max) of the
 * same columns. Public API only (and {@code SparkSeam}, to refuse to print fallback timings as the
 * internal path's), so that it runs with the assembly first on the classpath, on any line:
 *
 * <pre>
 * mvn -B -q -DskipTests install
 * mvn -B -q -pl benchmarks -P spark-4.0 compile exec:exec -Dbench.heap=4g \
 *   -Dbench.class=io.github.sparkmlops.benchmarks.LineBenchmark \
 *   -Dbench.classpathPrefix=$PWD/spark-mlops-assembly/target/spark-mlops-assembly_2.13-0.1.0-SNAPSHOT.jar:
 * </pre>
 *
 * <p>Arguments: stats rows (default 500,000, written in commits of 5,000 through the facade) and
 * profiled rows (default 2,000,000). Prints a Markdown table row per measurement.
 */
public final class LineBenchmark {

  private static final int ROWS_PER_COMMIT = 5_000;
  private static final int NAMES = 100;
  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  private LineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int statRows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    long profileRows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
    SparkSession spark = BenchSpark.builder("spark-mlops-line-benchmark")
        .config("spark.mlops.listener.enabled", "false")
        .getOrCreate();
    Path dir = Files.createTempDirectory("spark-mlops-line-bench");
    Path root = dir.resolve("store");
    writeStats(spark, root, statRows);

    Supplier<Dataset<Row>> mlops = () -> spark.read().format("mlops")
        .option("store", root.toString()).load();
    Supplier<Dataset<Row>> delta = () -> spark.read().format("delta")
        .load(root.resolve("stats").toString());
    double sparkReader = median(() -> fullScan(mlops.get(), statRows));
    double kernelReader = withFallback(spark, "parquetReader",
        () -> median(() -> fullScan(mlops.get(), statRows)));
    double deltaSpark = median(() -> fullScan(delta.get(), statRows));

    spark.range(profileRows).selectExpr("id", "id % 97 AS bucket", "CAST(id AS DOUBLE) / 7 AS x",
            "sqrt(CAST(id AS DOUBLE)) AS y", "concat('label-', id % 13) AS label")
        .write().parquet(dir.resolve("profiled").toString());
    Dataset<Row> profiled = spark.read().parquet(dir.resolve("profiled").toString());
    DataProfiler profiler = DataProfiler.forSchema(profiled.schema()).categorical("label");
    double planJob = median(() -> check(profiler.profile(profiled), profileRows));
    double aggregate = withFallback(spark, "profileJob",
        () -> median(() -> check(profiler.profile(profiled), profileRows)));
    double describe = median(() -> profiled.describe().collect());

    for (SparkSeam seam : SparkSeam.values()) {
      if (seam.fellBack()) {
        throw new IllegalStateException(seam.setting() + "'s internal path did not link on Spark "
            + spark.version() + ": the internal timings above are the fallback's");
      }
    }
    String line = spark.version();
    System.out.println();
    System.out.println("| Spark | measurement | internal path (ms) | fallback (ms) | fallback / internal"
        + " | peer (ms) | internal / peer | fallback / peer |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    row(line, "full scan, " + statRows + " rows (peer: delta-spark)", sparkReader, kernelReader,
        deltaSpark);
    row(line, "profile, " + profileRows + " rows x 5 columns (peer: describe())", planJob, aggregate,
        describe);
    spark.stop();
  }

  private static void writeStats(SparkSession spark, Path root, int rows) {
    spark.conf().set("spark.mlops.store", root.toString());
    MLOps mlops = MLOps.init(spark);
    long start = System.nanoTime();
    for (int i = 0; i < rows; i++) {
      mlops.setStat("metric-" + (i % NAMES), i);
      if ((i + 1) % ROWS_PER_COMMIT == 0 && !mlops.flush().complete()) {
        throw new IllegalStateException("flush failed: " + mlops.flush());
      }
    }
    if (!mlops.done().complete()) {
      throw new IllegalStateException("done failed");
    }
    System.err.printf("Spark %s: wrote %d stats in %.1f s%n", spark.version(), rows,
        (System.nanoTime() - start) / 1e9);
  }

  private static void fullScan(Dataset<Row> df, long expected) {
    Row r = df.selectExpr("count(*)", "sum(value)").first();
    if (r.getLong(0) != expected) {
      throw new IllegalStateException("read " + r.getLong(0) + " rows, wrote " + expected);
    }
  }

  private static void check(DataProfile profile, long expected) {
    if (profile.rows() != expected) {
      throw new IllegalStateException("profiled " + profile.rows() + " rows of " + expected);
    }
  }

  private static double median(Runnable run) {
    return Timing.medianMillis(WARMUPS, RUNS, run);
  }

  private static double withFallback(SparkSession spark, String seam, Supplier<Double> measure) {
    String key = "spark.mlops.fallback." + seam;
    spark.conf().set(key, "true");
    try {
      return measure.get();
    } finally {
      spark.conf().unset(key);
    }
  }

  private static void row(String line, String what, double internal, double fallback,
      double peer) {
    System.out.printf("| %s | %s | %.0f | %.0f | %.2f× | %.0f | %.2f× | %.2f× |%n", line, what,
        internal, fallback, fallback / internal, peer, internal / peer, fallback / peer);
  }
}
