package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads of a store of 1,000,000 stats rows written in 500 commits over 10 days, with 1,000 names:
 * each commit holds 20 names x 100 points, so one name appears once a day. A selective query (one
 * name, one day) and a full scan, each through {@code format("mlops")} and through delta-spark's
 * {@code format("delta")} on the same table, in one JVM and one run. Prints a Markdown table.
 */
public final class ReadBenchmark {

  private static final int COMMITS = 500;
  private static final int NAMES_PER_COMMIT = 20;
  private static final int POINTS_PER_NAME = 100;
  private static final int COMMITS_PER_DAY = 50;
  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int RUNS = 7;

  private ReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("spark-mlops-read-bench-");
    SparkSession spark = BenchSpark.builder("spark-mlops-read-benchmark")
        .getOrCreate();
    long start = System.nanoTime();
    write(spark, root);
    System.err.printf("wrote %d rows in %d commits in %.1f s%n",
        (long) COMMITS * NAMES_PER_COMMIT * POINTS_PER_NAME, COMMITS, (System.nanoTime() - start) / 1e9);

    String selective = "name = 'metric-0421' AND date = DATE'2026-01-04'";
    Supplier<Dataset<Row>> ours = () -> spark.read().format("mlops").option("store", root.toString()).load();
    Supplier<Dataset<Row>> theirs = () -> spark.read().format("delta").load(root.resolve("stats").toString());
    String selectRows = "count(*) AS n";
    String sumValues = "sum(value) AS s";

    double oursSelective = median(() -> ours.get().where(selective).selectExpr(selectRows, sumValues).collect());
    double theirsSelective = median(() -> theirs.get().where(selective).selectExpr(selectRows, sumValues).collect());
    double oursFull = median(() -> ours.get().selectExpr(selectRows, sumValues).collect());
    double theirsFull = median(() -> theirs.get().selectExpr(selectRows, sumValues).collect());
    check(ours.get().where(selective).count(), theirs.get().where(selective).count(), POINTS_PER_NAME);
    check(ours.get().count(), theirs.get().count(), (long) COMMITS * NAMES_PER_COMMIT * POINTS_PER_NAME);

    System.out.println();
    System.out.println("| query | mlops source (ms) | delta-spark (ms) | mlops / delta-spark |");
    System.out.println("|---|---:|---:|---:|");
    System.out.printf("| one name, one day (100 rows) | %.0f | %.0f | %.2f× |%n",
        oursSelective, theirsSelective, oursSelective / theirsSelective);
    System.out.printf("| full scan (1,000,000 rows) | %.0f | %.0f | %.2f× |%n",
        oursFull, theirsFull, oursFull / theirsFull);
    System.out.printf("%nSelective query vs full scan: mlops source %.1f× faster, delta-spark %.1f× faster.%n",
        oursFull / oursSelective, theirsFull / theirsSelective);
    spark.stop();
  }

  private static void write(SparkSession spark, Path root) throws Exception {
    DeltaTableWriter writer = Store.writers(Store.engine(spark.sparkContext().hadoopConfiguration()),
        new StoreLayout(root.toString())).get(StoreTable.STATS);
    RunContext context = new RunContext("bench", "bench", "bench", "bench-run", "localhost");
    long seq = 0;
    for (int commit = 0; commit < COMMITS; commit++) {
      Instant day = DAY0.plus(Duration.ofDays(commit / COMMITS_PER_DAY));
      int block = commit % COMMITS_PER_DAY;
      List<Object[]> rows = new ArrayList<>(NAMES_PER_COMMIT * POINTS_PER_NAME);
      for (int n = 0; n < NAMES_PER_COMMIT; n++) {
        String name = String.format("metric-%04d", block * NAMES_PER_COMMIT + n);
        for (int p = 0; p < POINTS_PER_NAME; p++) {
          rows.add(StoreSchema.statRow(new StatRecord(day.plusSeconds(block * 600L + p), context,
              "bench", ++seq, name, StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(p))));
        }
      }
      writer.append("bench", commit + 1, rows);
    }
  }

  private static double median(Runnable query) {
    return Timing.medianMillis(2, RUNS, query);
  }

  private static void check(long ours, long theirs, long expected) {
    if (ours != expected || theirs != expected) {
      throw new IllegalStateException("expected " + expected + " rows, mlops " + ours + ", delta " + theirs);
    }
  }
}
