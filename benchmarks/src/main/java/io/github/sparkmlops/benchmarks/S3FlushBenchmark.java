package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.S3Mock;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Flushes to a store on S3 (Adobe S3Mock on loopback, through S3A), in one JVM and one run:
 * the store writer with its conditional-PUT log store, the same writer with Kernel's default log
 * store on S3 ({@code S3SingleDriverLogStore}, an unconditional PUT after a listing), and
 * delta-spark appending the same rows with its default log store on S3. Each round times one
 * commit of each, in turn. Then the PUT alone: S3A's conditional create of a small object against
 * its plain creates. Prints Markdown tables.
 */
public final class S3FlushBenchmark {

  private static final int[] SIZES = {10, 1_000, 100_000};
  private static final int WARMUP = 3;
  private static final int PUTS = 101;

  private S3FlushBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (S3Mock s3 = S3Mock.start()) {
      s3.bucket("bench");
      Map<String, String> s3a = s3.s3aSettings();
      SparkSession.Builder builder = BenchSpark.builder("spark-mlops-s3-flush-benchmark")
          .config("spark.sql.datetime.java8API.enabled", "true");
      S3Mock.sparkSettings(s3a).forEach(builder::config);
      SparkSession spark = builder.getOrCreate();
      Configuration conditional = new Configuration();
      s3a.forEach(conditional::set);
      Configuration unconditional = new Configuration(conditional);
      unconditional.set("io.delta.kernel.logStore.s3a.impl", "io.delta.storage.S3SingleDriverLogStore");

      System.out.println(commits(spark, conditional, unconditional));
      System.out.println(puts(conditional));
      spark.stop();
    }
  }

  private static String commits(SparkSession spark, Configuration conditional,
      Configuration unconditional) throws IOException {
    DeltaTableWriter ours = writer(conditional, "s3a://bench/conditional");
    DeltaTableWriter kernels = writer(unconditional, "s3a://bench/unconditional");
    String deltaSpark = "s3a://bench/delta-spark";
    RunContext context = new RunContext("bench", "bench", "bench", "run-1", "localhost");
    StringBuilder table = new StringBuilder()
        .append("| records | runs | ours, conditional PUT (ms) | ours: records/s "
            + "| ours with Kernel's S3SingleDriverLogStore (ms) | conditional / unconditional "
            + "| delta-spark append (ms) | delta-spark / ours |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    long txn = 0;
    StructType schema = null;
    for (int n : SIZES) {
      int runs = n >= 100_000 ? 7 : 21;
      double[] conditionalMs = new double[runs];
      double[] unconditionalMs = new double[runs];
      double[] deltaSparkMs = new double[runs];
      for (int r = -WARMUP; r < runs; r++) {
        List<Object[]> rows = FlushBenchmark.statRows(context, n);
        long version = ++txn;
        double c = Timing.millis(() -> append(ours, version, rows));
        double u = Timing.millis(() -> append(kernels, version, rows));
        if (schema == null) {
          schema = spark.read().format("delta").load("s3a://bench/conditional/stats").schema();
        }
        StructType tableSchema = schema;
        double d = Timing.millis(() -> spark.createDataFrame(FlushBenchmark.sparkRows(context, n),
                tableSchema).write().format("delta").mode("append")
            .partitionBy(StoreSchema.DATE).save(deltaSpark));
        if (r >= 0) {
          conditionalMs[r] = c;
          unconditionalMs[r] = u;
          deltaSparkMs[r] = d;
        }
      }
      double c = FlushBenchmark.median(conditionalMs);
      double u = FlushBenchmark.median(unconditionalMs);
      double d = FlushBenchmark.median(deltaSparkMs);
      table.append(String.format("| %,d | %d | %.1f | %,.0f | %.1f | %.2f× | %.1f | %.1f× |%n",
          n, runs, c, n / (c / 1000), u, c / u, d, d / c));
      System.err.printf("n=%d done: conditional %.1f ms, unconditional %.1f ms, delta-spark %.1f ms%n",
          n, c, u, d);
    }
    return table.toString();
  }

  /** One small object (a commit's size) PUT each way, each to a new key. */
  private static String puts(Configuration conf) throws IOException {
    FileSystem fs = new Path("s3a://bench/").getFileSystem(conf);
    byte[] content = new byte[2048];
    Arrays.fill(content, (byte) 'x');
    String[] ways = {"conditional: createFile().must(fs.option.create.conditional.overwrite)",
        "create(path, overwrite=false)", "create(path, overwrite=true)"};
    double[][] ms = new double[ways.length][PUTS];
    for (int i = -WARMUP; i < PUTS; i++) {
      for (int w = 0; w < ways.length; w++) {
        Path path = new Path("s3a://bench/puts/" + w + "/" + (i + WARMUP) + ".json");
        int way = w;
        double t = Timing.millis(() -> put(fs, path, content, way));
        if (i >= 0) {
          ms[w][i] = t;
        }
      }
    }
    StringBuilder table = new StringBuilder()
        .append("| PUT of a new 2 KB object | runs | median (ms) | / conditional |\n")
        .append("|---|---:|---:|---:|\n");
    double conditional = FlushBenchmark.median(ms[0]);
    for (int w = 0; w < ways.length; w++) {
      table.append(String.format("| %s | %d | %.2f | %.2f× |%n",
          ways[w], PUTS, FlushBenchmark.median(ms[w]), FlushBenchmark.median(ms[w]) / conditional));
    }
    return table.toString();
  }

  private static void put(FileSystem fs, Path path, byte[] content, int way) {
    try {
      FSDataOutputStream out;
      if (way == 0) {
        FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path);
        builder.overwrite(false);
        builder.must("fs.option.create.conditional.overwrite", true);
        out = builder.build();
      } else {
        out = fs.create(path, way == 2);
      }
      try (out) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DeltaTableWriter writer(Configuration conf, String root) {
    return Store.writers(Store.engine(conf), new StoreLayout(root)).get(StoreTable.STATS);
  }

  private static void append(DeltaTableWriter writer, long version, List<Object[]> rows) {
    try {
      writer.append("bench", version, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
