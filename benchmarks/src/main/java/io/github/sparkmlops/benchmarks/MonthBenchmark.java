package io.github.sparkmlops.benchmarks;

import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.internal.maintain.MaintenanceSettings;
import io.github.sparkmlops.internal.maintain.StoreMaintenance;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.MaintenanceReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Store maintenance on a simulated month. A "month store" receives {@code N} commits (20,000 by
 * default) of 100 stats rows each, commit {@code k} dated day {@code k * 30 / N}, so its dates
 * advance as a month of flushes would and each commit is one small file; every commit carries the
 * same 50 names, 2 points each, as a job's periodic flush of its metrics would. A "fresh store"
 * holds the same rows in 30 commits, one per date.
 *
 * <p>A one-name-one-day query and a full scan ({@code count(*)}, {@code sum(value)}) are timed,
 * each through {@code format("mlops")} and through delta-spark's {@code format("delta")} on the
 * same table, on the month store before maintenance, after {@link StoreMaintenance#run()} with
 * the default settings, and on the fresh store. Prints Markdown tables: file counts, compaction's
 * write amplification, each query's median and the ratios. The target: the one-name-one-day query
 * on the maintained month store within 1.5x of the same query on the fresh store.
 *
 * <p>Arguments: {@code [commits] [writer threads] [runs]}, default {@code 20000 1 7}. With more
 * than one writer thread, thread {@code t} writes commits {@code k = t mod threads} with an engine
 * and a writer id of its own, so commits race for versions as concurrent applications' would.
 */
public final class MonthBenchmark {

  private static final int ROWS_PER_COMMIT = 100;
  private static final int NAMES = 50;
  private static final int DAYS = 30;
  private static final int QUERY_DAY = 15;
  private static final String QUERY_NAME = "metric-17";
  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int WARMUP = 2;
  private static final RunContext CONTEXT =
      new RunContext("bench", "bench", "bench", "bench-run", "localhost");

  private MonthBenchmark() {}

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    if (commits < DAYS) {
      throw new IllegalArgumentException("at least " + DAYS + " commits, one a day");
    }
    // MONTH_BENCH_DIR keeps the stores there after the run, for a look at them
    String keep = System.getenv("MONTH_BENCH_DIR");
    Path dir = keep == null ? Files.createTempDirectory("spark-mlops-month-bench-")
        : Files.createDirectories(Path.of(keep));
    SparkSession spark = BenchSpark.builder("spark-mlops-month-benchmark").getOrCreate();
    try {
      run(spark, dir, commits, threads, runs);
    } finally {
      spark.stop();
      if (keep == null) {
        deleteRecursively(dir);
      }
    }
  }

  private static void run(SparkSession spark, Path dir, int commits, int threads, int runs)
      throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path month = dir.resolve("month");
    Path fresh = dir.resolve("fresh");
    long totalRows = (long) commits * ROWS_PER_COMMIT;
    long selectiveRows = selectiveRows(commits);

    double writeSeconds = writeMonth(conf, month, commits, threads);
    System.err.printf(Locale.ROOT, "month store: %,d commits of %d rows in %.1f s (%.1f ms/commit)%n",
        commits, ROWS_PER_COMMIT, writeSeconds, writeSeconds * 1e3 / commits);
    long start = System.nanoTime();
    writeFresh(conf, fresh, commits);
    double freshSeconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(Locale.ROOT, "fresh store: %,d rows in %d commits in %.1f s%n",
        totalRows, DAYS, freshSeconds);

    String selective = "name = '" + QUERY_NAME + "' AND date = DATE'" + day(QUERY_DAY) + "'";
    List<State> states = new ArrayList<>();
    states.add(measure(spark, "month, before maintenance", month, selective, selectiveRows,
        totalRows, runs));

    MaintenanceSettings settings = new MaintenanceSettings(false, Duration.ofHours(1),
        128L * 1024 * 1024, 10, Duration.ofDays(7), Duration.ofDays(30), 10);
    start = System.nanoTime();
    MaintenanceReport report =
        new StoreMaintenance(new StoreLayout(month.toString()), conf, settings).run();
    double maintainSeconds = (System.nanoTime() - start) / 1e9;
    System.err.printf(Locale.ROOT, "maintenance in %.1f s: %s%n", maintainSeconds, report);
    states.add(measure(spark, "month, after maintenance", month, selective, selectiveRows,
        totalRows, runs));
    double afterChanged = selectiveAfterLogChange(spark, month, selective, runs);
    states.add(measure(spark, "fresh (30 commits)", fresh, selective, selectiveRows, totalRows,
        runs));

    print(commits, threads, runs, writeSeconds, freshSeconds, maintainSeconds, report, states,
        selectiveRows, totalRows, afterChanged);
  }

  /**
   * The one-name-one-day query through {@code format("mlops")} with the log folder changed just
   * before each run, as in a store being written at that moment: Kernel's snapshot then reads the
   * folder's names afresh instead of the ones kept while it was quiet.
   */
  private static double selectiveAfterLogChange(SparkSession spark, Path root, String selective,
      int runs) {
    Path log = root.resolve("stats/_delta_log");
    return median(runs, () -> {
      try {
        // a hidden entry added and removed changes the folder's time, as a commit would
        Files.delete(Files.createTempFile(log, ".bench-", ".tmp"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      spark.read().format("mlops").option("store", root.toString()).load().where(selective)
          .selectExpr("count(*) AS n", "sum(value) AS s").collect();
    });
  }

  /** One store's state: its files, its log, and the queries' medians. */
  private record State(String name, long numFiles, long sizeInBytes, long filesOnDisk,
      long logFiles, long version, String checkpoint, double snapshotMs, double namesMs,
      double oursSelective, double theirsSelective, double oursFull, double theirsFull) {}

  private static State measure(SparkSession spark, String name, Path root, String selective,
      long selectiveRows, long totalRows, int runs) throws IOException {
    String stats = root.resolve("stats").toString();
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + stats + "`").first();
    long version = spark.sql("DESCRIBE HISTORY delta.`" + stats + "` LIMIT 1").first().getLong(0);
    Supplier<Dataset<Row>> ours =
        () -> spark.read().format("mlops").option("store", root.toString()).load();
    Supplier<Dataset<Row>> theirs = () -> spark.read().format("delta").load(stats);
    String n = "count(*) AS n";
    String s = "sum(value) AS s";
    check(name + ", one name one day", ours.get().where(selective).count(),
        theirs.get().where(selective).count(), selectiveRows);
    check(name + ", full scan", ours.get().count(), theirs.get().count(), totalRows);
    double oursSelective = median(runs, () -> ours.get().where(selective).selectExpr(n, s).collect());
    double theirsSelective =
        median(runs, () -> theirs.get().where(selective).selectExpr(n, s).collect());
    double oursFull = median(runs, () -> ours.get().selectExpr(n, s).collect());
    double theirsFull = median(runs, () -> theirs.get().selectExpr(n, s).collect());
    State state = new State(name, detail.<Long>getAs("numFiles"), detail.<Long>getAs("sizeInBytes"),
        countFiles(root.resolve("stats"), false), countFiles(root.resolve("stats/_delta_log"), true),
        version, lastCheckpoint(root.resolve("stats/_delta_log")),
        snapshotLoad(spark.sparkContext().hadoopConfiguration(), stats, runs),
        logNames(root.resolve("stats/_delta_log"), runs), oursSelective, theirsSelective, oursFull, theirsFull);
    System.err.println("measured " + state);
    return state;
  }

  private static void print(int commits, int threads, int runs, double writeSeconds,
      double freshSeconds, double maintainSeconds, MaintenanceReport report, List<State> states,
      long selectiveRows, long totalRows, double afterChanged) {
    State before = states.get(0);
    State after = states.get(1);
    State fresh = states.get(2);
    MaintenanceReport.Table stats = report.tables().get(0);
    System.out.println();
    System.out.printf(Locale.ROOT, "Month store: %,d commits x %d rows (%,d rows, %d names, %d dates),"
            + " %d writer thread(s), written in %.1f s (%.1f ms/commit). Fresh store: the same rows"
            + " in %d commits, %.1f s. Medians of %d runs after %d warm-ups.%n",
        commits, ROWS_PER_COMMIT, totalRows, NAMES, DAYS, threads, writeSeconds,
        writeSeconds * 1e3 / commits, DAYS, freshSeconds, runs, WARMUP);
    System.out.println();
    System.out.println("| store | table version | live files | live bytes | data files on disk "
        + "| _delta_log files | last checkpoint | Kernel snapshot load (ms) "
        + "| reading the log folder's names (ms) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (State st : states) {
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %s | %.0f | %.0f |%n",
          st.name(), st.version(), st.numFiles(), st.sizeInBytes(), st.filesOnDisk(),
          st.logFiles(), st.checkpoint(), st.snapshotMs(), st.namesMs());
    }
    long appended = before.sizeInBytes();
    System.out.println();
    System.out.printf(Locale.ROOT, "Maintenance (`StoreMaintenance.run()`, default settings) took "
            + "%.1f s: stats table: %d partitions compacted, %,d files (%,d bytes) rewritten into "
            + "%,d files (%,d bytes), %d abandoned, %,d files deleted, settings applied: %s%s.%n",
        maintainSeconds, stats.partitionsCompacted(), stats.filesCompacted(),
        stats.bytesCompacted(), stats.filesWritten(), stats.bytesWritten(),
        stats.compactionsAbandoned(), stats.filesDeleted(), stats.settingsApplied(),
        stats.skipped() == null ? "" : ", skipped: " + stats.skipped());
    System.out.printf(Locale.ROOT, "Write amplification: (bytes appended %,d + bytes written by "
            + "compaction %,d) / bytes appended = %.2f; compacted / replaced bytes = %.2f.%n",
        appended, stats.bytesWritten(), (appended + stats.bytesWritten()) / (double) appended,
        stats.bytesWritten() / (double) stats.bytesCompacted());
    System.out.println();
    System.out.printf(Locale.ROOT, "| store | one name, one day (%,d rows): mlops (ms) | delta-spark "
        + "(ms) | mlops / delta-spark | full scan (%,d rows): mlops (ms) | delta-spark (ms) "
        + "| mlops / delta-spark |%n", selectiveRows, totalRows);
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (State st : states) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× | %.0f | %.0f | %.2f× |%n",
          st.name(), st.oursSelective(), st.theirsSelective(),
          st.oursSelective() / st.theirsSelective(), st.oursFull(), st.theirsFull(),
          st.oursFull() / st.theirsFull());
    }
    System.out.println();
    System.out.println("| ratio to the fresh store | one name, one day: mlops | delta-spark "
        + "| full scan: mlops | delta-spark |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (State st : List.of(before, after)) {
      System.out.printf(Locale.ROOT, "| %s / fresh | %.2f× | %.2f× | %.2f× | %.2f× |%n", st.name(),
          st.oursSelective() / fresh.oursSelective(), st.theirsSelective() / fresh.theirsSelective(),
          st.oursFull() / fresh.oursFull(), st.theirsFull() / fresh.theirsFull());
    }
    System.out.printf(Locale.ROOT, "%nOne name, one day through mlops on the maintained month with "
        + "the log folder changed just before each query (a store being written): %.0f ms, %.2f× "
        + "the fresh store.%n", afterChanged, afterChanged / fresh.oursSelective());
    double target = after.oursSelective() / fresh.oursSelective();
    System.out.printf(Locale.ROOT, "%nTarget (one name, one day, maintained month / fresh ≤ 1.5×): "
        + "%.2f× — %s.%n", target, target <= 1.5 ? "met" : "NOT met");
  }

  // ---------------------------------------------------------------- writing

  private static double writeMonth(Configuration conf, Path root, int commits, int threads)
      throws Exception {
    StoreLayout layout = new StoreLayout(root.toString());
    // The table is created before the clock starts, so racing writers do not all create it.
    writer(conf, layout).append("bench-create", 1, List.of());
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    long[] lastReport = {start};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      writers.add(pool.submit(() -> {
        DeltaTableWriter writer = writer(conf, layout);
        String appId = "bench-" + thread;
        long txn = 0;
        for (int k = thread; k < commits; k += threads) {
          writer.append(appId, ++txn, commitRows(k, commits));
          int n = done.incrementAndGet();
          if (n % 1_000 == 0) {
            synchronized (lastReport) {
              long now = System.nanoTime();
              System.err.printf(Locale.ROOT, "  %,d commits, %.1f s elapsed, last 1,000 at %.1f "
                  + "ms/commit%n", n, (now - start) / 1e9, (now - lastReport[0]) / 1e6 / 1_000);
              lastReport[0] = now;
            }
          }
        }
        return null;
      }));
    }
    pool.shutdown();
    for (Future<?> f : writers) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The same rows in one commit per date. */
  private static void writeFresh(Configuration conf, Path root, int commits) throws IOException {
    DeltaTableWriter writer = writer(conf, new StoreLayout(root.toString()));
    List<Object[]> rows = new ArrayList<>();
    int day = 0;
    long txn = 0;
    for (int k = 0; k < commits; k++) {
      if (dayOf(k, commits) != day) {
        writer.append("bench-fresh", ++txn, rows);
        rows = new ArrayList<>();
        day = dayOf(k, commits);
      }
      rows.addAll(commitRows(k, commits));
    }
    writer.append("bench-fresh", ++txn, rows);
  }

  private static DeltaTableWriter writer(Configuration conf, StoreLayout layout) {
    return Store.writers(Store.engine(conf), layout).get(StoreTable.STATS);
  }

  /** Commit {@code k}: 50 names x 2 points, all in day {@code k * 30 / commits}. */
  private static List<Object[]> commitRows(int k, int commits) {
    int day = dayOf(k, commits);
    int firstOfDay = firstCommitOf(day, commits);
    int perDay = firstCommitOf(day + 1, commits) - firstOfDay;
    // commits spread evenly over the day, a point every few seconds
    long secondOfDay = (k - firstOfDay) * (86_000L / perDay);
    Instant time = DAY0.plus(Duration.ofDays(day)).plusSeconds(secondOfDay);
    List<Object[]> rows = new ArrayList<>(ROWS_PER_COMMIT);
    int points = ROWS_PER_COMMIT / NAMES;
    for (int p = 0; p < points; p++) {
      for (int n = 0; n < NAMES; n++) {
        rows.add(StoreSchema.statRow(new StatRecord(time.plusSeconds(p), CONTEXT, "bench",
            (long) k * ROWS_PER_COMMIT + p * NAMES + n, "metric-" + String.format("%02d", n),
            StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(k + p))));
      }
    }
    return rows;
  }

  private static int dayOf(int k, int commits) {
    return (int) ((long) k * DAYS / commits);
  }

  /** The first commit k with dayOf(k) == day. */
  private static int firstCommitOf(int day, int commits) {
    return (int) (((long) day * commits + DAYS - 1) / DAYS);
  }

  /** Rows of one name on {@link #QUERY_DAY}: 2 per commit of that day. */
  private static long selectiveRows(int commits) {
    long perDay = firstCommitOf(QUERY_DAY + 1, commits) - firstCommitOf(QUERY_DAY, commits);
    return perDay * (ROWS_PER_COMMIT / NAMES);
  }

  private static LocalDate day(int d) {
    return LocalDate.ofInstant(DAY0, ZoneOffset.UTC).plusDays(d);
  }

  // ---------------------------------------------------------------- helpers

  private static double median(int runs, Runnable query) {
    return Timing.medianMillis(WARMUP, runs, query);
  }

  private static void check(String what, long ours, long theirs, long expected) {
    if (ours != expected || theirs != expected) {
      throw new IllegalStateException(what + ": expected " + expected + " rows, mlops " + ours
          + ", delta " + theirs);
    }
  }

  /** Data files (Parquet, outside the log) under a table, or every file of its log. */
  private static long countFiles(Path dir, boolean log) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> log || p.getFileName().toString().endsWith(".parquet")
              && !dir.relativize(p).startsWith("_delta_log"))
          .count();
    }
  }

  /**
   * The median time Kernel takes to load the table's latest snapshot: what every commit and every
   * planned read pays before touching data.
   */
  private static double snapshotLoad(Configuration conf, String table, int runs) {
    Engine engine = Store.engine(conf);
    return median(runs, () -> TableManager.loadSnapshot(table).build(engine));
  }

  /**
   * The median time of reading the names in the table's log folder, which a Kernel snapshot does
   * when the folder changed since the last one (see the local log store's listing).
   */
  private static double logNames(Path log, int runs) {
    return median(runs, () -> {
      try (Stream<Path> names = Files.list(log)) {
        names.count();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** The version in {@code _last_checkpoint}, or "none". */
  private static String lastCheckpoint(Path log) throws IOException {
    Path last = log.resolve("_last_checkpoint");
    if (!Files.exists(last)) {
      return "none";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*(\\d+)")
        .matcher(Files.readString(last));
    return m.find() ? m.group(1) : "unreadable";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
