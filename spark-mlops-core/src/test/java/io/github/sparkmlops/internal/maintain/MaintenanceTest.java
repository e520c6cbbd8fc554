package io.github.sparkmlops.internal.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.storage.HadoopFileSystemLogStore;
import io.github.sparkmlops.Await;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.LocalAtomicLogStore;
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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Compaction, checkpoints and clean-up of real store tables, checked through delta-spark. */
@Timeout(600)
class MaintenanceTest {

  private static final RunContext CONTEXT =
      new RunContext("tests", "tests", "tests", "run-1", "localhost");
  private static final Instant DAY_ONE = Instant.parse("2026-01-01T12:00:00Z");

  private final SparkSession spark = TestSpark.session();

  @Test
  void compactionRewritesSmallFilesAndDeltaSparkReadsTheSameRows() throws Exception {
    String label = "compact in #1 % + é";
    TestSpark.assumeFileNamesCanHold(label);
    Path root = TestSpark.newStoreRoot(label);
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = writer(layout);
    for (int c = 1; c <= 30; c++) {
      writer.append("w", c, rows("w", c, 3, DAY_ONE.plus(Duration.ofDays(c % 3))));
    }
    String stats = root.resolve("stats").toString();
    Set<String> before = keys(spark.read().format("delta").load(stats).collectAsList());
    long versionBefore = latestVersion(stats);

    MaintenanceReport report = new StoreMaintenance(layout, new Configuration(),
        settings(5, Duration.ofDays(7))).run();

    MaintenanceReport.Table table = report.tables().get(0);
    assertEquals("stats", table.name());
    assertEquals(3, table.partitionsCompacted(), report.toString());
    assertEquals(30, table.filesCompacted());
    assertEquals(3, table.filesWritten());
    assertTrue(table.bytesWritten() > 0 && table.bytesCompacted() > table.bytesWritten(),
        report.toString());
    assertFalse(table.settingsApplied(), "default retention: no property commit");
    assertEquals(0, table.filesDeleted(), "the replaced files are within the 7 days' retention");
    assertNull(table.skipped());
    assertTrue(report.tables().get(1).skipped().startsWith("there is no Delta table at"));

    assertEquals(before, keys(spark.read().format("delta").load(stats).collectAsList()));
    assertEquals(3, spark.sql("DESCRIBE DETAIL delta.`" + stats + "`").first().<Long>getAs("numFiles"));
    // the version before compaction still reads: its files are retained
    assertEquals(before, keys(spark.read().format("delta").option("versionAsOf", versionBefore)
        .load(stats).collectAsList()));
    List<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + stats + "`")
        .where("version > " + versionBefore).collectAsList();
    assertEquals(3, history.size());
    for (Row commit : history) {
      assertEquals("Manual Update", commit.<String>getAs("operation"));
      assertTrue(commit.<String>getAs("engineInfo").endsWith(DeltaTableWriter.ENGINE_INFO));
    }
    String commitJson = Files.readString(
        root.resolve("stats/_delta_log/" + String.format("%020d.json", versionBefore + 1)));
    assertTrue(commitJson.contains("\"remove\"") && commitJson.contains("\"add\""), commitJson);
    assertFalse(commitJson.contains("\"dataChange\":true"), commitJson);
    // the writer of every tenth commit checkpoints it, and maintenance its last compaction
    assertTrue(Files.exists(root.resolve("stats/_delta_log/00000000000000000030.checkpoint.parquet")));
    assertEquals(versionBefore + 3, table.version());
    assertTrue(Files.exists(root.resolve("stats/_delta_log/"
        + String.format("%020d.checkpoint.parquet", table.version()))));

    // nothing left to compact: a second run does nothing
    MaintenanceReport again = new StoreMaintenance(layout, new Configuration(),
        settings(5, Duration.ofDays(7))).run();
    assertEquals(0, again.filesCompacted());
  }

  @Test
  void cleanUpDeletesWhatNoRetainedVersionNeedsAndNothingElse() throws Exception {
    String label = "clean up #2 % + é";
    TestSpark.assumeFileNamesCanHold(label);
    Path root = TestSpark.newStoreRoot(label);
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = writer(layout);
    for (int c = 1; c <= 6; c++) {
      writer.append("w", c, rows("w", c, 2, DAY_ONE));
    }
    Path partition = root.resolve("stats/date=2026-01-01");
    Set<Path> firstFiles = dataFiles(partition);
    Path oldOrphan = Files.writeString(partition.resolve("part-orphan-old.snappy.parquet"), "x");
    Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path newOrphan = Files.writeString(partition.resolve("part-orphan-new.snappy.parquet"), "x");
    Path hidden = Files.writeString(root.resolve("stats/_hidden.txt"), "x");
    Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    MaintenanceSettings shortRetention = settings(3, Duration.ofSeconds(2));
    MaintenanceReport first = new StoreMaintenance(layout, new Configuration(), shortRetention).run();
    MaintenanceReport.Table stats = first.tables().get(0);
    assertTrue(stats.settingsApplied(), first.toString());
    assertEquals(6, stats.filesCompacted());
    assertEquals(1, stats.filesDeleted(), "only the old orphan: " + first);
    assertFalse(Files.exists(oldOrphan));
    assertTrue(Files.exists(newOrphan) && Files.exists(hidden));
    assertTrue(firstFiles.stream().allMatch(Files::exists), "just replaced: still retained");
    String table = root.resolve("stats").toString();
    assertEquals("interval 2 seconds", spark.sql("SHOW TBLPROPERTIES delta.`" + table + "`")
        .where("key = 'delta.deletedFileRetentionDuration'").first().getString(1));

    // the retention passes for the files the first run replaced (their tombstones are no older
    // than its commits)
    Await.filesOlderThan(root.resolve("stats"), Duration.ofSeconds(3));
    MaintenanceReport second = new StoreMaintenance(layout, new Configuration(), shortRetention).run();
    assertEquals(7, second.tables().get(0).filesDeleted(), second.toString());
    assertTrue(firstFiles.stream().noneMatch(Files::exists));
    assertFalse(Files.exists(newOrphan));
    assertTrue(Files.exists(hidden), "names starting with _ are never touched");
    assertEquals(1, dataFiles(partition).size());
    assertEquals(12, spark.read().format("delta").load(table).count());
  }

  /**
   * A table whose protocol names a feature maintenance does not know (one Kernel knows, one it
   * does not) is neither compacted nor cleaned, and the report says which feature.
   * DeletionVectorStoreTest in the sql module does this with deletion vectors written by
   * delta-spark.
   */
  @Test
  void aTableUsingAFeatureMaintenanceDoesNotKnowIsLeftAlone() throws Exception {
    Path root = TestSpark.newStoreRoot("unknown features");
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = writer(layout);
    for (int c = 1; c <= 4; c++) {
      writer.append("w", c, rows("w", c, 2, DAY_ONE));
    }
    Path partition = root.resolve("stats/date=2026-01-01");
    Path orphan = Files.writeString(partition.resolve("part-orphan.parquet"), "x");
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Set<Path> files = dataFiles(partition);
    Path log = root.resolve("stats/_delta_log");
    upgradeProtocol(log, 5, "{\"minReaderVersion\":1,\"minWriterVersion\":7,"
        + "\"writerFeatures\":[\"appendOnly\",\"invariants\",\"checkpointProtection\"]}");
    StoreMaintenance maintenance =
        new StoreMaintenance(layout, new Configuration(), settings(2, Duration.ofSeconds(1)));

    MaintenanceReport.Table known = maintenance.run().tables().get(0);
    assertEquals(0, known.filesCompacted(), known.toString());
    assertEquals(0, known.filesDeleted(), known.toString());
    assertFalse(known.settingsApplied(), known.toString());
    assertEquals(5, known.version());
    assertTrue(known.skipped().contains("[checkpointProtection]"), known.toString());
    assertTrue(Files.exists(orphan), "clean-up did not run");

    upgradeProtocol(log, 6, "{\"minReaderVersion\":3,\"minWriterVersion\":7,"
        + "\"readerFeatures\":[\"futureFeature\"],\"writerFeatures\":[\"futureFeature\"]}");
    MaintenanceReport.Table unreadable = maintenance.run().tables().get(0);
    assertEquals(0, unreadable.filesCompacted() + unreadable.filesDeleted(), unreadable.toString());
    assertTrue(unreadable.skipped().contains("futureFeature"), unreadable.toString());
    assertTrue(Files.exists(orphan));
    assertEquals(files, dataFiles(partition), "no file written or deleted");
  }

  /** Commits {@code protocol} as version {@code version}, as another Delta writer would. */
  private static void upgradeProtocol(Path log, long version, String protocol) throws IOException {
    Files.writeString(log.resolve(String.format("%020d.json", version)),
        "{\"commitInfo\":{\"timestamp\":" + System.currentTimeMillis()
            + ",\"operation\":\"UPGRADE PROTOCOL\",\"operationParameters\":{}}}\n"
            + "{\"protocol\":" + protocol + "}\n");
  }

  @Test
  void writersAndTwoCompactorsAtOnceLoseAndDuplicateNothing() throws Exception {
    Path root = TestSpark.newStoreRoot("concurrent");
    StoreLayout layout = new StoreLayout(root.toString());
    writer(layout).append("seed", 1, rows("seed", 1, 1, DAY_ONE));
    int writers = 3;
    int commits = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> appends = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String id = "writer-" + w;
      appends.add(pool.submit(() -> {
        DeltaTableWriter writer = writer(layout);
        for (int c = 1; c <= commits; c++) {
          List<Object[]> batch = rows(id, c, 2, DAY_ONE.plus(Duration.ofDays(c % 2)));
          while (true) {
            try {
              writer.append(id, c, batch);
              break;
            } catch (RuntimeException retried) {
              // as the flusher does: the same commit again, which never doubles
            }
          }
        }
        return null;
      }));
    }
    List<Future<Integer>> compactors = new ArrayList<>();
    for (int m = 0; m < 2; m++) {
      compactors.add(pool.submit(() -> {
        StoreMaintenance maintenance = new StoreMaintenance(layout, new Configuration(),
            settings(4, Duration.ofDays(7)));
        int compacted = 0;
        while (writing.get()) {
          compacted += (int) maintenance.run().filesCompacted();
        }
        return compacted;
      }));
    }
    for (Future<?> a : appends) {
      a.get(5, TimeUnit.MINUTES);
    }
    writing.set(false);
    int compacted = 0;
    for (Future<Integer> c : compactors) {
      compacted += c.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertTrue(compacted > 0, "the compactors ran during the writes");

    String stats = root.resolve("stats").toString();
    List<Row> all = spark.read().format("delta").load(stats).collectAsList();
    assertEquals(1 + writers * commits * 2, all.size());
    assertEquals(all.size(), keys(all).size(), "no row twice");
  }

  /**
   * A partition whose compaction loses every race leaves the next partition's commit true to the
   * table. Kernel 4.4 updates the file-size histogram of a transaction's read snapshot in place, so
   * a snapshot that served a failed transaction must not serve the next: the next commit's checksum
   * then counted the lost partition's files as removed, and a later compaction failed with "Cannot
   * remove ... bytes from bin 0" (seen with two compactors at once).
   */
  @Test
  void aPartitionThatLosesEveryRaceLeavesTheNextCommitsChecksumTrue() throws Exception {
    Path root = TestSpark.newStoreRoot("lost races");
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = writer(layout);
    for (int c = 1; c <= 8; c++) {
      writer.append("w", c, rows("w", c, 2, DAY_ONE.plus(Duration.ofDays(c % 2))));
    }
    String stats = root.resolve("stats").toString();
    Set<String> before = keys(spark.read().format("delta").load(stats).collectAsList());
    Configuration losing = new Configuration();
    losing.set("io.delta.kernel.logStore.file.impl", LosingLogStore.class.getName());
    LosingLogStore.losses.set(Compaction.MAX_ATTEMPTS);

    MaintenanceReport report = new StoreMaintenance(layout, losing, settings(4, Duration.ofDays(7)))
        .run();

    MaintenanceReport.Table table = report.tables().get(0);
    assertEquals(1, table.compactionsAbandoned(), report.toString());
    assertEquals(1, table.partitionsCompacted(), report.toString());
    JsonNode checksum = new ObjectMapper().readTree(root.resolve("stats/_delta_log")
        .resolve(String.format("%020d.crc", table.version())).toFile());
    long histogramBytes = 0;
    for (JsonNode bytes : checksum.get("fileSizeHistogram").get("totalBytes")) {
      histogramBytes += bytes.asLong();
    }
    assertEquals(checksum.get("tableSizeBytes").asLong(), histogramBytes,
        "the checksum's histogram counts the bytes of the table's files");
    MaintenanceReport again = new StoreMaintenance(layout, new Configuration(),
        settings(4, Duration.ofDays(7))).run();
    assertEquals(1, again.tables().get(0).partitionsCompacted(), again.toString());
    assertEquals(before, keys(spark.read().format("delta").load(stats).collectAsList()));
  }

  /** The local log store, except that the next {@link #losses} commits lose their version. */
  public static final class LosingLogStore extends HadoopFileSystemLogStore {
    static final AtomicInteger losses = new AtomicInteger();
    private final LocalAtomicLogStore store;

    public LosingLogStore(Configuration conf) {
      super(conf);
      store = new LocalAtomicLogStore(conf);
    }

    @Override
    public void write(org.apache.hadoop.fs.Path path, Iterator<String> actions, Boolean overwrite,
        Configuration conf) throws IOException {
      if (!overwrite && path.getName().endsWith(".json") && losses.getAndDecrement() > 0) {
        actions.forEachRemaining(action -> { });
        throw new FileAlreadyExistsException(path.toString());
      }
      store.write(path, actions, overwrite, conf);
    }

    @Override
    public Boolean isPartialWriteVisible(org.apache.hadoop.fs.Path path, Configuration conf) {
      return true;
    }
  }

  private static MaintenanceSettings settings(int minFiles, Duration fileRetention) {
    return new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, minFiles,
        fileRetention, Duration.ofDays(30), 10);
  }

  private static DeltaTableWriter writer(StoreLayout layout) {
    return Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS);
  }

  /** {@code n} number stats of writer {@code id}, commit {@code c}, keyed "id/c/i". */
  private static List<Object[]> rows(String id, long c, int n, Instant time) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(StoreSchema.statRow(new StatRecord(time, CONTEXT, id, c * 100 + i,
          id + "/" + c + "/" + i, "TIME_SERIES", StatType.NUMBER, new NumberValue(i))));
    }
    return rows;
  }

  private static Set<String> keys(List<Row> rows) {
    return rows.stream().map(r -> r.<String>getAs("name") + "@" + r.getAs("time"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static long latestVersion(String table) {
    return TestSpark.session().sql("DESCRIBE HISTORY delta.`" + table + "`")
        .selectExpr("max(version)").first().getLong(0);
  }

  private static Set<Path> dataFiles(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .collect(Collectors.toSet());
    }
  }
}
