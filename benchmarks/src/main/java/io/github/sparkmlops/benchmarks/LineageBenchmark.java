package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The lineage benchmark: what recording lineage costs a job of many small queries. 50 inputs (25
 * Delta tables written by delta-spark, 5 versions each, and 25 Parquet folders); a job of small
 * queries, each reading one input (every tenth joins two) and counting a filtered part of it. The
 * job runs in blocks of {@code queriesPerBlock} queries, each block twice in a row in one session,
 * the order alternating by block: once in a run with lineage ({@code MLOps.init} registers its
 * {@code MLOpsQueryListener}) and once in a run without ({@code spark.mlops.lineage.enabled=false}:
 * the listener, registered once per session, finds no capture bound and returns). Pairing short
 * blocks keeps a burst of other work on the machine within one pair. A block's wall time is
 * measured up to its last query; {@code done()}, which drains the lineage queue and flushes, is
 * timed apart. The overhead is the median of the pairs' ratios, and the ratio of the totals. Then
 * one job of 1,000 queries with lineage, in one run, writes a fresh store whose {@code lineage}
 * table is measured on disk (data files and log).
 *
 * <p>Arguments: {@code [blocks] [queriesPerBlock]}, default {@code 20 50}.
 */
public final class LineageBenchmark {

  private static final int INPUTS = 50;
  private static final int DELTA_VERSIONS = 5;
  private static final int SIZED_QUERIES = 1000;

  private LineageBenchmark() {}

  public static void main(String[] args) throws IOException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path work = Files.createTempDirectory("lineage-bench");
    SparkSession spark = BenchSpark.builder("lineage-benchmark")
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    List<String[]> inputs = inputs(spark, work.resolve("data"));
    job(spark, inputs, 0, 2 * INPUTS); // warm-up: plans, codegen, Delta's snapshots

    double[] ratios = new double[blocks];
    double with = 0;
    double without = 0;
    double[] drains = new double[blocks];
    for (int block = 0; block < blocks; block++) {
      int first = block * perBlock;
      double[] millis = new double[2];
      for (boolean lineage : block % 2 == 0 ? new boolean[] {true, false}
          : new boolean[] {false, true}) {
        MLOps mlops = init(spark, work.resolve(lineage ? "with" : "without"), lineage);
        millis[lineage ? 0 : 1] = Timing.millis(() -> job(spark, inputs, first, perBlock));
        double drain = Timing.millis(mlops::done);
        if (lineage) {
          drains[block] = drain;
        }
      }
      with += millis[0];
      without += millis[1];
      ratios[block] = millis[0] / millis[1];
    }

    Path sized = work.resolve("sized");
    MLOps mlops = init(spark, sized, true);
    job(spark, inputs, 0, SIZED_QUERIES);
    mlops.done();
    long rows = spark.read().format("mlops").option("store", sized.toString())
        .option("table", "lineage").load().count();
    long bytes = bytes(sized.resolve("lineage"));
    spark.stop();

    System.out.printf(Locale.ROOT, "job: %d blocks of %d small queries over %d inputs, each block "
        + "with and without lineage%n", blocks, perBlock, INPUTS);
    System.out.printf(Locale.ROOT, "total with lineage %.0f ms, without %.0f ms: %+.2f%%%n", with,
        without, (with / without - 1) * 100);
    System.out.printf(Locale.ROOT, "overhead, median of the %d pairs' ratios: %+.2f%%%n", blocks,
        (median(ratios) - 1) * 100);
    System.out.printf(Locale.ROOT, "done() of a block with lineage, median: %.0f ms%n",
        median(drains));
    System.out.printf(Locale.ROOT, "lineage table after %,d queries: %,d rows, %,d bytes on disk%n",
        SIZED_QUERIES, rows, bytes);
  }

  private static MLOps init(SparkSession spark, Path store, boolean lineage) {
    spark.conf().set(MLOpsConfig.STORE, store.toString());
    spark.conf().set(MLOpsConfig.LINEAGE_ENABLED, String.valueOf(lineage));
    return MLOps.init(spark);
  }

  /** The inputs as {format, path}: Delta tables of 5 versions and Parquet folders, 1,000 rows each. */
  private static List<String[]> inputs(SparkSession spark, Path dir) {
    List<String[]> inputs = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      String path = dir.resolve("input-" + i).toString();
      if (i % 2 == 0) {
        for (int v = 0; v < DELTA_VERSIONS; v++) {
          spark.range(200).selectExpr("id", "id % 10 AS k").write().format("delta")
              .mode("append").save(path);
        }
        inputs.add(new String[] {"delta", path});
      } else {
        spark.range(1000).selectExpr("id", "id % 10 AS k").write().parquet(path);
        inputs.add(new String[] {"parquet", path});
      }
    }
    return inputs;
  }

  /**
   * Queries {@code first} to {@code first + count - 1} of the job: a filtered count of one input,
   * every tenth a join of two.
   */
  private static void job(SparkSession spark, List<String[]> inputs, int first, int count) {
    for (int q = first; q < first + count; q++) {
      String[] input = inputs.get(q % INPUTS);
      var rows = spark.read().format(input[0]).load(input[1]).where("k = " + q % 10);
      if (q % 10 == 9) {
        String[] other = inputs.get((q * 7 + 1) % INPUTS);
        rows = rows.join(spark.read().format(other[0]).load(other[1]), "id");
      }
      rows.count();
    }
  }

  private static long bytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
