package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.MicroBatchScanExec;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code spark.readStream().format("mlops")} over real stores: every record once across restarts
 * and compaction, admission control, starting versions, and the commits it refuses.
 */
class MLOpsStreamTest {

  private static final RunContext CONTEXT =
      new RunContext("tests", "tests", "tests", "run-1", "localhost");
  private static final Instant DAY_ONE = Instant.parse("2026-01-01T12:00:00Z");

  private final SparkSession spark = TestSpark.session();

  /** A store and its stats writer; each {@link #commit} is one Delta commit of one file. */
  private static final class TestStore {
    final Path root;
    final DeltaTableWriter writer;
    long commits;

    TestStore(String label) {
      root = TestSpark.newStoreRoot(label);
      writer = Store.writers(Store.engine(new Configuration()), new StoreLayout(root.toString()))
          .get(StoreTable.STATS);
    }

    /** {@code n} stats named x and y in turn, keyed by their writer and seq. */
    TestStore commit(int n) throws IOException {
      commits++;
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(StoreSchema.statRow(new StatRecord(DAY_ONE.plusSeconds(commits), CONTEXT, "w",
            commits * 1000 + i, i % 2 == 0 ? "x" : "y", "TIME_SERIES", StatType.NUMBER,
            new NumberValue(i))));
      }
      assertEquals(DeltaTableWriter.Outcome.COMMITTED, writer.append("w", commits, rows));
      return this;
    }

    String stats() {
      return root.resolve("stats").toString();
    }
  }

  private Dataset<Row> stream(TestStore store, Map<String, String> options) {
    return spark.readStream().format("mlops").options(options).load(store.root.toString());
  }

  /** Runs {@code rows} to a Parquet sink with Trigger.AvailableNow until it has read all. */
  private StreamingQuery runAvailableNow(Dataset<Row> rows, Path out) throws Exception {
    StreamingQuery query = rows.writeStream().format("parquet")
        .option("checkpointLocation", out.resolve("_checkpoint").toString())
        .trigger(Trigger.AvailableNow())
        .start(out.resolve("data").toString());
    query.awaitTermination();
    return query;
  }

  private List<Row> sink(Path out) {
    return keys(spark.read().parquet(out.resolve("data").toString()));
  }

  private List<Row> batch(TestStore store, String where) {
    return keys(spark.read().format("mlops").load(store.root.toString()).where(where));
  }

  private static List<Row> keys(Dataset<Row> rows) {
    return rows.select("writer_id", "seq", "name", "value").orderBy("writer_id", "seq").collectAsList();
  }

  private static List<Long> rowsPerBatch(StreamingQuery query) {
    return Arrays.stream(query.recentProgress()).map(StreamingQueryProgress::numInputRows)
        .filter(n -> n > 0).toList();
  }

  private static long latestVersion(String table) {
    return TestSpark.session().sql("DESCRIBE HISTORY delta.`" + table + "`")
        .selectExpr("max(version)").first().getLong(0);
  }

  private static Throwable rootMessageHolder(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return t;
      }
    }
    throw new AssertionError("no cause mentions '" + text + "'", e);
  }

  @Test
  void deliversEveryRecordOnceAcrossRestartsAndCompaction() throws Exception {
    TestStore store = new TestStore("stream-restart").commit(3).commit(4).commit(5);
    Path out = TestSpark.newStoreRoot("stream-restart-out");

    runAvailableNow(stream(store, Map.of()), out);
    assertEquals(batch(store, "true"), sink(out));

    store.commit(2).commit(3);
    MaintenanceReport report = new StoreMaintenance(new StoreLayout(store.root.toString()),
        new Configuration(), new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, 2,
            Duration.ofDays(7), Duration.ofDays(30), 10)).run();
    assertTrue(report.filesCompacted() >= 5, report.toString());
    store.commit(1);

    StreamingQuery restarted = runAvailableNow(stream(store, Map.of()), out);
    assertEquals(List.of(6L), rowsPerBatch(restarted), "only the commits after the first run");
    List<Row> all = batch(store, "true");
    assertEquals(18, all.size());
    assertEquals(all, sink(out), "every record once, none from the compacted files again");

    StreamingQuery idle = runAvailableNow(stream(store, Map.of()), out);
    assertEquals(List.of(), rowsPerBatch(idle), "nothing new, nothing read");
  }

  @Test
  void picksUpRecordsWrittenWhileRunningAndPushesOptionFilters() throws Exception {
    TestStore store = new TestStore("stream-live").commit(4);
    // Spark 4.1 pushes no WHERE into a streaming scan, so the filter options are what is pushed.
    Dataset<Row> xs = stream(store, Map.of("name", "x")).where("value >= 0");
    StreamingQuery query = xs.writeStream().format("memory").queryName("mlops_live")
        .option("checkpointLocation", TestSpark.newStoreRoot("stream-live-cp").toString())
        .start();
    try {
      query.processAllAvailable();
      assertEquals(batch(store, "name = 'x'"), keys(spark.table("mlops_live")));
      store.commit(3).commit(2);
      query.processAllAvailable();
      assertEquals(batch(store, "name = 'x'"), keys(spark.table("mlops_live")));
      assertEquals(5, spark.table("mlops_live").count());

      MicroBatchScanExec scan = (MicroBatchScanExec) CollectionConverters.asJava(
              ((StreamingQueryWrapper) query).streamingQuery().lastExecution().executedPlan()
                  .collectLeaves()).stream()
          .filter(p -> p instanceof MicroBatchScanExec).findFirst().orElseThrow();
      String description = scan.scan().description();
      assertTrue(description.contains("filters=[(column(`name`) = x)]"), description);
    } finally {
      query.stop();
    }
  }

  @Test
  void maxFilesAndBytesPerTriggerLimitEachBatch() throws Exception {
    TestStore store = new TestStore("stream-limits").commit(3).commit(3).commit(3);
    StreamingQuery oneFile = runAvailableNow(stream(store, Map.of("maxFilesPerTrigger", "1")),
        TestSpark.newStoreRoot("stream-limits-1"));
    assertEquals(List.of(3L, 3L, 3L), rowsPerBatch(oneFile));

    store.commit(3).commit(3);
    StreamingQuery twoFiles = runAvailableNow(stream(store, Map.of("maxFilesPerTrigger", "2")),
        TestSpark.newStoreRoot("stream-limits-2"));
    assertEquals(List.of(6L, 6L, 3L), rowsPerBatch(twoFiles));

    StreamingQuery oneByte = runAvailableNow(stream(store, Map.of("maxBytesPerTrigger", "1")),
        TestSpark.newStoreRoot("stream-limits-b"));
    assertEquals(List.of(3L, 3L, 3L, 3L, 3L), rowsPerBatch(oneByte), "a batch takes at least one file");
  }

  @Test
  void startingVersionAndTimestampSkipTheSnapshot() throws Exception {
    TestStore store = new TestStore("stream-start").commit(3).commit(4);
    long second = latestVersion(store.stats());
    store.commit(5);

    Path fromVersion = TestSpark.newStoreRoot("stream-start-v");
    runAvailableNow(stream(store, Map.of("startingVersion", String.valueOf(second))), fromVersion);
    assertEquals(9, sink(fromVersion).size());

    String at = spark.sql("DESCRIBE HISTORY delta.`" + store.stats() + "`")
        .where("version = " + (second + 1)).selectExpr("cast(timestamp as string)").first().getString(0);
    Path fromTime = TestSpark.newStoreRoot("stream-start-t");
    runAvailableNow(stream(store, Map.of("startingTimestamp", at)), fromTime);
    assertEquals(5, sink(fromTime).size());

    Path fromLatest = TestSpark.newStoreRoot("stream-start-l");
    runAvailableNow(stream(store, Map.of("startingVersion", "latest")), fromLatest);
    store.commit(2);
    runAvailableNow(stream(store, Map.of("startingVersion", "latest")), fromLatest);
    assertEquals(2, sink(fromLatest).size(), "only what was committed after the query started");

    Exception tooLate = assertThrows(Exception.class, () -> runAvailableNow(
        stream(store, Map.of("startingVersion", "99")), TestSpark.newStoreRoot("stream-start-x")));
    rootMessageHolder(tooLate, "startingVersion");
    IllegalArgumentException batchRead = assertThrows(IllegalArgumentException.class,
        () -> spark.read().format("mlops").option("startingVersion", "1")
            .load(store.root.toString()).collect());
    assertTrue(batchRead.getMessage().contains("readStream"), batchRead.getMessage());
  }

  @Test
  void aCommitThatRemovesDataFailsUnlessSkipChangeCommits() throws Exception {
    TestStore store = new TestStore("stream-delete").commit(4).commit(4);
    Path out = TestSpark.newStoreRoot("stream-delete-out");
    runAvailableNow(stream(store, Map.of()), out);
    spark.sql("DELETE FROM delta.`" + store.stats() + "` WHERE name = 'x' AND seq < 2000");
    store.commit(3);

    Exception refused = assertThrows(Exception.class, () -> runAvailableNow(stream(store, Map.of()), out));
    Throwable cause = rootMessageHolder(refused, "skipChangeCommits");
    assertTrue(cause.getMessage().contains("removes data"), cause.getMessage());

    runAvailableNow(stream(store, Map.of("skipChangeCommits", "true")), out);
    assertEquals(8 + 3, sink(out).size(), "the DELETE's commit is skipped, the append after it read");
  }

  @Test
  void aRecreatedTableFailsNamingBothTableIds() throws Exception {
    TestStore store = new TestStore("stream-recreate").commit(2);
    Path out = TestSpark.newStoreRoot("stream-recreate-out");
    runAvailableNow(stream(store, Map.of()), out);
    String oldId = tableId(store);

    try (Stream<Path> files = Files.walk(store.root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    TestStore again = new TestStore("unused");
    DeltaTableWriter writer = Store.writers(Store.engine(new Configuration()),
        new StoreLayout(store.root.toString())).get(StoreTable.STATS);
    assertEquals(DeltaTableWriter.Outcome.COMMITTED, writer.append("w2", 1, List.<Object[]>of(
        StoreSchema.statRow(new StatRecord(DAY_ONE, CONTEXT, "w2", 1, "x", "TIME_SERIES",
            StatType.NUMBER, new NumberValue(1))))));
    String newId = tableId(store);

    Exception refused = assertThrows(Exception.class, () -> runAvailableNow(stream(store, Map.of()), out));
    Throwable cause = rootMessageHolder(refused, "recreated");
    assertTrue(cause.getMessage().contains(oldId) && cause.getMessage().contains(newId),
        cause.getMessage());
  }

  private String tableId(TestStore store) {
    return spark.sql("DESCRIBE DETAIL delta.`" + store.stats() + "`").select("id").first().getString(0);
  }
}
