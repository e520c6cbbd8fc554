package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.internal.compat.SparkSeam;
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
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads of two stores of 1,000,000 stats rows with 1,000 names over 10 days, in one JVM and one
 * run, through {@code format("mlops")} with each of its two Parquet readers (Spark's vectorized
 * reader, the default, and Delta Kernel's, {@code spark.mlops.fallback.parquetReader=true}) and
 * through delta-spark's {@code format("delta")} on the same table, and through Spark's own
 * {@code spark.read().parquet} of the table's files with no Delta log: the cost of opening and
 * reading those files with Spark's reader, a floor under any reader that opens every file. Prints
 * a Markdown table.
 *
 * <ul>
 *   <li><b>Many small files</b>: 500 commits of 2,000 rows (20 names x 100 points), so one name
 *       appears once a day, as stats reported at different moments of a job land in different
 *       flushes.
 *   <li><b>Few large files</b>: 10 commits of 100,000 rows, one per day, as after maintenance.
 * </ul>
 *
 * <p>Two queries each: one name and one day ({@code count(*)}, {@code sum(value)}: 100 rows), and
 * the full scan. Arguments: {@code [runs] [small|large]} (default 7 runs, both stores), each
 * figure the median after 2 warm-ups.
 */
public final class ReadBenchmark {

  private static final int ROWS = 1_000_000;
  private static final int NAMES = 1_000;
  private static final int DAYS = 10;
  private static final int POINTS_PER_NAME = 100;
  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SELECTIVE = "name = 'metric-0421' AND date = DATE'2026-01-04'";
  private static final String KERNEL_READER = SparkSeam.PARQUET_READER.setting();

  private ReadBenchmark() {}

  /** A store's shape: how many commits write its rows. */
  private record Shape(String label, int commits) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    SparkSession spark = BenchSpark.builder("spark-mlops-read-benchmark").getOrCreate();
    System.out.println("| store | query | mlops, Spark's reader (ms) | mlops, Kernel's reader (ms) "
        + "| delta-spark (ms) | Spark's reader / delta-spark | Kernel's reader / delta-spark "
        + "| Kernel's / Spark's reader | Spark's `parquet`, no log (ms) | that / delta-spark |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    String only = args.length > 1 ? args[1] : "";
    for (Shape shape : List.of(new Shape("500 files of 2,000 rows", 500),
        new Shape("10 files of 100,000 rows", 10))) {
      if (!only.isEmpty() && !only.equals(shape.commits() > DAYS ? "small" : "large")) {
        continue;
      }
      Path root = Files.createTempDirectory("spark-mlops-read-bench-");
      long start = System.nanoTime();
      write(spark, root, shape.commits());
      System.err.printf("%s: wrote %d rows in %d commits in %.1f s%n", shape.label(), ROWS,
          shape.commits(), (System.nanoTime() - start) / 1e9);
      Supplier<Dataset<Row>> ours =
          () -> spark.read().format("mlops").option("store", root.toString()).load();
      Supplier<Dataset<Row>> theirs =
          () -> spark.read().format("delta").load(root.resolve("stats").toString());
      // the same files with no log: a fresh store only appends, so the folder holds just them
      Supplier<Dataset<Row>> files =
          () -> spark.read().parquet(root.resolve("stats").toString());
      for (boolean selective : new boolean[] {true, false}) {
        UnaryOperator<Dataset<Row>> query = df ->
            (selective ? df.where(SELECTIVE) : df).selectExpr("count(*) AS n", "sum(value) AS s");
        spark.conf().set(KERNEL_READER, "false");
        check(query.apply(ours.get()), selective);
        double sparkReader = Timing.medianMillis(2, runs, () -> query.apply(ours.get()).collect());
        spark.conf().set(KERNEL_READER, "true");
        check(query.apply(ours.get()), selective);
        double kernelReader = Timing.medianMillis(2, runs, () -> query.apply(ours.get()).collect());
        spark.conf().unset(KERNEL_READER);
        check(query.apply(theirs.get()), selective);
        double delta = Timing.medianMillis(2, runs, () -> query.apply(theirs.get()).collect());
        check(query.apply(files.get()), selective);
        double plain = Timing.medianMillis(2, runs, () -> query.apply(files.get()).collect());
        System.out.printf(Locale.ROOT,
            "| %s | %s | %.0f | %.0f | %.0f | %.2f× | %.2f× | %.2f× | %.0f | %.2f× |%n",
            shape.label(), selective ? "one name, one day (100 rows)" : "full scan (1,000,000 rows)",
            sparkReader, kernelReader, delta, sparkReader / delta, kernelReader / delta,
            kernelReader / sparkReader, plain, plain / delta);
      }
    }
    spark.stop();
  }

  /** Writes the rows in {@code commits} commits, each of whole names and one day. */
  private static void write(SparkSession spark, Path root, int commits) throws Exception {
    DeltaTableWriter writer = Store.writers(Store.engine(spark.sparkContext().hadoopConfiguration()),
        new StoreLayout(root.toString())).get(StoreTable.STATS);
    RunContext context = new RunContext("bench", "bench", "bench", "bench-run", "localhost");
    int commitsPerDay = commits / DAYS;
    int namesPerCommit = NAMES / commitsPerDay;
    long seq = 0;
    for (int commit = 0; commit < commits; commit++) {
      Instant day = DAY0.plus(Duration.ofDays(commit / commitsPerDay));
      int block = commit % commitsPerDay;
      List<Object[]> rows = new ArrayList<>(namesPerCommit * POINTS_PER_NAME);
      for (int n = 0; n < namesPerCommit; n++) {
        String name = String.format(Locale.ROOT, "metric-%04d", block * namesPerCommit + n);
        for (int p = 0; p < POINTS_PER_NAME; p++) {
          rows.add(StoreSchema.statRow(new StatRecord(day.plusSeconds(block * 600L + p), context,
              "bench", ++seq, name, StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(p))));
        }
      }
      writer.append("bench", commit + 1, rows);
    }
  }

  /** Refuses a reader that does not count the rows the query selects. */
  private static void check(Dataset<Row> counted, boolean selective) {
    long expected = selective ? POINTS_PER_NAME : ROWS;
    long n = counted.first().getLong(0);
    if (n != expected) {
      throw new IllegalStateException("expected " + expected + " rows, read " + n);
    }
  }
}
