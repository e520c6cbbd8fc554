package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.internal.SnapshotImpl;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.MicroBatchScanExec;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
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

  private static final Comparator<Row> KEY_ORDER =
      Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingLong(r -> r.getLong(1));

  private final SparkSession spark = TestSpark.session();

  /** A store and its stats writer; each {@link #commit} is one Delta commit of one file. */
  private static final class TestStore {
    final Path root;
    final DeltaTableWriter writer;
    long commits;

    TestStore(String label) {
      this(TestSpark.newStoreRoot(label));
    }

    TestStore(Path root) {
      this.root = root;
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

  /** What one query run delivered, and its progress. */
  private record Run(StreamingQuery query, List<Row> rows) {
    List<Long> rowsPerBatch() {
      return Arrays.stream(query.recentProgress()).map(StreamingQueryProgress::numInputRows)
          .filter(n -> n > 0).toList();
    }
  }

  /**
   * Runs {@code rows} with Trigger.AvailableNow until it has read all, collecting what each batch
   * delivered. Each run collects apart, so a record the source delivered twice across runs shows
   * up twice. (The memory sink cannot restart from a checkpoint in append mode.)
   */
  private Run runAvailableNow(Dataset<Row> rows, Path checkpoint) throws Exception {
    List<Row> delivered = new CopyOnWriteArrayList<>();
    StreamingQuery query = rows.writeStream()
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> delivered.addAll(keys(batch)))
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start();
    query.awaitTermination();
    List<Row> sorted = new ArrayList<>(delivered);
    sorted.sort(KEY_ORDER);
    return new Run(query, sorted);
  }

  private List<Row> batch(TestStore store, String where) {
    return keys(spark.read().format("mlops").load(store.root.toString()).where(where));
  }

  /** The rows' keys and values, in key order (sorted here: no shuffle per batch). */
  private static List<Row> keys(Dataset<Row> rows) {
    List<Row> keys = new ArrayList<>(rows.select("writer_id", "seq", "name", "value").collectAsList());
    keys.sort(KEY_ORDER);
    return keys;
  }

  private static Snapshot snapshot(TestStore store) {
    return TableManager.loadSnapshot(store.stats()).build(Store.engine(new Configuration()));
  }

  private static String tableId(TestStore store) {
    return ((SnapshotImpl) snapshot(store)).getMetadata().getId();
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
    Path checkpoint = TestSpark.newStoreRoot("stream-restart-cp");

    Run first = runAvailableNow(stream(store, Map.of()), checkpoint);
    assertEquals(batch(store, "true"), first.rows());

    store.commit(2).commit(3);
    MaintenanceReport report = new StoreMaintenance(new StoreLayout(store.root.toString()),
        new Configuration(), new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, 2,
            Duration.ofDays(7), Duration.ofDays(30), 10)).run();
    assertTrue(report.filesCompacted() >= 5, report.toString());
    store.commit(1);

    Run restarted = runAvailableNow(stream(store, Map.of()), checkpoint);
    assertEquals(List.of(6L), restarted.rowsPerBatch(), "only the commits after the first run");
    List<Row> delivered = new ArrayList<>(first.rows());
    delivered.addAll(restarted.rows());
    delivered.sort(KEY_ORDER);
    List<Row> all = batch(store, "true");
    assertEquals(18, all.size());
    assertEquals(all, delivered, "every record once, none from the compacted files again");

    Run idle = runAvailableNow(stream(store, Map.of()), checkpoint);
    assertEquals(List.of(), idle.rows(), "nothing new, nothing read");
  }

  @Test
  void aQueryFailingMidSnapshotResumesAtTheFileItStoppedAt() throws Exception {
    TestStore store = new TestStore("stream-fail").commit(3).commit(4).commit(5);
    Path checkpoint = TestSpark.newStoreRoot("stream-fail-cp");
    Dataset<Row> oneFileAtATime = stream(store, Map.of("maxFilesPerTrigger", "1"));
    List<Row> delivered = new CopyOnWriteArrayList<>();
    AtomicInteger batches = new AtomicInteger();
    StreamingQuery failing = oneFileAtATime.writeStream()
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> {
          if (batches.incrementAndGet() == 2) {
            throw new IllegalStateException("the sink fails on the second batch");
          }
          delivered.addAll(keys(batch));
        })
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start();
    assertThrows(StreamingQueryException.class, failing::awaitTermination);
    assertTrue(List.of(3, 4, 5).contains(delivered.size()), "one file delivered: " + delivered);

    Run resumed = runAvailableNow(oneFileAtATime, checkpoint);
    assertEquals(2, resumed.rowsPerBatch().size(), "the failed batch again, then the last file");
    List<Row> all = new ArrayList<>(delivered);
    all.addAll(resumed.rows());
    all.sort(KEY_ORDER);
    assertEquals(batch(store, "true"), all);
  }

  @Test
  void picksUpRecordsWrittenWhileRunningAndPushesOptionFilters() throws Exception {
    TestStore store = new TestStore("stream-live").commit(4);
    // Spark 4.1 pushes no WHERE into a streaming scan, so the filter options are what is pushed.
    Dataset<Row> xs = stream(store, Map.of("name", "x")).where("value >= 0");
    StreamingQuery query = xs.writeStream().format("memory").queryName("mlops_live")
        .option("checkpointLocation", TestSpark.newStoreRoot("stream-live-cp").toString())
        .trigger(Trigger.ProcessingTime(100))
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
    Run oneFile = runAvailableNow(stream(store, Map.of("maxFilesPerTrigger", "1")),
        TestSpark.newStoreRoot("stream-limits-1"));
    assertEquals(List.of(3L, 3L, 3L), oneFile.rowsPerBatch());

    store.commit(3).commit(3);
    Run twoFiles = runAvailableNow(stream(store, Map.of("maxFilesPerTrigger", "2")),
        TestSpark.newStoreRoot("stream-limits-2"));
    assertEquals(List.of(6L, 6L, 3L), twoFiles.rowsPerBatch());
    assertEquals(batch(store, "true"), twoFiles.rows());

    Run oneByte = runAvailableNow(stream(store, Map.of("maxBytesPerTrigger", "1")),
        TestSpark.newStoreRoot("stream-limits-b"));
    assertEquals(List.of(3L, 3L, 3L, 3L, 3L), oneByte.rowsPerBatch(), "a batch takes at least one file");
  }

  @Test
  void startingVersionAndTimestampSkipTheSnapshot() throws Exception {
    TestStore store = new TestStore("stream-start").commit(3).commit(4);
    long second = snapshot(store).getVersion();
    store.commit(5);

    Run fromVersion = runAvailableNow(stream(store, Map.of("startingVersion", String.valueOf(second))),
        TestSpark.newStoreRoot("stream-start-v"));
    assertEquals(batch(store, "seq >= 2000"), fromVersion.rows());

    long third = snapshot(store).getTimestamp(Store.engine(new Configuration()));
    Run fromTime = runAvailableNow(
        stream(store, Map.of("startingTimestamp", Instant.ofEpochMilli(third).toString())),
        TestSpark.newStoreRoot("stream-start-t"));
    assertEquals(batch(store, "seq >= 3000"), fromTime.rows());

    Path fromLatest = TestSpark.newStoreRoot("stream-start-l");
    assertEquals(List.of(), runAvailableNow(stream(store, Map.of("startingVersion", "latest")), fromLatest).rows());
    store.commit(2);
    Run later = runAvailableNow(stream(store, Map.of("startingVersion", "latest")), fromLatest);
    assertEquals(batch(store, "seq >= 4000"), later.rows(), "only what was committed after the query started");

    Exception tooLate = assertThrows(Exception.class, () -> runAvailableNow(
        stream(store, Map.of("startingVersion", "99")), TestSpark.newStoreRoot("stream-start-x")));
    rootMessageHolder(tooLate, "Option 'startingVersion' (99)");
    rootMessageHolder(assertThrows(Exception.class, () -> runAvailableNow(
        stream(store, Map.of("versionAsOf", "1")), TestSpark.newStoreRoot("stream-start-y"))),
        "startingVersion or startingTimestamp");
    IllegalArgumentException batchRead = assertThrows(IllegalArgumentException.class,
        () -> spark.read().format("mlops").option("startingVersion", "1")
            .load(store.root.toString()).collect());
    assertTrue(batchRead.getMessage().contains("readStream"), batchRead.getMessage());
  }

  @Test
  void aStoreCreatedAfterTheQueryStartedIsReadFromItsFirstCommit() throws Exception {
    Path root = TestSpark.newStoreRoot("stream-later");
    Path checkpoint = TestSpark.newStoreRoot("stream-later-cp");
    Dataset<Row> rows = spark.readStream().format("mlops").load(root.toString());
    assertEquals(List.of(), runAvailableNow(rows, checkpoint).rows());
    TestStore store = new TestStore(root).commit(2).commit(3);
    assertEquals(batch(store, "true"), runAvailableNow(rows, checkpoint).rows());
  }

  @Test
  void aCommitThatRemovesDataFailsUnlessSkipChangeCommits() throws Exception {
    TestStore store = new TestStore("stream-delete").commit(4).commit(4);
    Path checkpoint = TestSpark.newStoreRoot("stream-delete-cp");
    assertEquals(8, runAvailableNow(stream(store, Map.of()), checkpoint).rows().size());
    spark.sql("DELETE FROM delta.`" + store.stats() + "` WHERE name = 'x' AND seq < 2000");
    store.commit(3);

    Exception refused = assertThrows(Exception.class,
        () -> runAvailableNow(stream(store, Map.of()), checkpoint));
    Throwable cause = rootMessageHolder(refused, "skipChangeCommits");
    assertTrue(cause.getMessage().contains("removes data"), cause.getMessage());

    Run skipping = runAvailableNow(stream(store, Map.of("skipChangeCommits", "true")), checkpoint);
    assertEquals(batch(store, "seq >= 3000"), skipping.rows(),
        "the DELETE's commit is skipped, the append after it read");
  }

  @Test
  void aRecreatedTableFailsNamingBothTableIds() throws Exception {
    TestStore store = new TestStore("stream-recreate").commit(2);
    Path checkpoint = TestSpark.newStoreRoot("stream-recreate-cp");
    runAvailableNow(stream(store, Map.of()), checkpoint);
    String oldId = tableId(store);

    try (Stream<Path> files = Files.walk(store.root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    new TestStore(store.root).commit(1);
    String newId = tableId(store);

    Exception refused = assertThrows(Exception.class,
        () -> runAvailableNow(stream(store, Map.of()), checkpoint));
    Throwable cause = rootMessageHolder(refused, "recreated");
    assertTrue(cause.getMessage().contains(oldId) && cause.getMessage().contains(newId),
        cause.getMessage());
  }
}
