package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** What the local log store leaves on disk for readers when a write is cut short or mixed. */
class LocalAtomicLogStoreTest {

  /**
   * Kernel writes a checkpoint with {@code writeParquetFileAtomically}, which writes in place
   * unless the log store says partial writes are visible. On a local disk they are: a writer
   * killed mid-checkpoint left a truncated {@code N.checkpoint.parquet} under its final name, and
   * both Kernel and delta-spark then failed to open the table ("footer is too large"), as
   * KillDuringWritesTest showed. The file must only appear once complete.
   */
  @Test
  void aCheckpointIsInvisibleUntilItIsComplete() throws Exception {
    Path dir = Files.createDirectories(TestSpark.newStoreRoot("atomic-parquet"));
    Path target = dir.resolve("00000000000000000010.checkpoint.parquet");
    Engine engine = Store.engine(new Configuration());
    StructType schema = new StructType().add("n", LongType.LONG);
    boolean[] visibleWhileWriting = {false};
    CloseableIterator<FilteredColumnarBatch> batches = new CloseableIterator<>() {
      int served;

      @Override
      public boolean hasNext() {
        return served < 2;
      }

      @Override
      public FilteredColumnarBatch next() {
        if (served++ == 1) {
          // the writer has opened its output by now
          visibleWhileWriting[0] = Files.exists(target);
        }
        return new FilteredColumnarBatch(new ObjectColumnarBatch(schema,
            List.<Object[]>of(new Object[] {(long) served})), Optional.empty());
      }

      @Override
      public void close() {}
    };
    // a Hadoop path string, as Kernel's checkpoint writer passes it (a space stays a space)
    engine.getParquetHandler().writeParquetFileAtomically(
        new org.apache.hadoop.fs.Path(target.toUri()).toString(), batches);
    assertFalse(visibleWhileWriting[0], "the checkpoint was visible under its name while written");
    assertTrue(Files.size(target) > 0);
  }

  /**
   * delta-spark writes {@code _last_checkpoint} through Hadoop's checksummed local filesystem,
   * which adds a {@code ._last_checkpoint.crc} sidecar. When this log store later replaces the
   * file, a sidecar left behind no longer matches, and every Hadoop reader of the file (Kernel
   * included) fails with a ChecksumException, retries, and falls back to listing the whole log.
   */
  @Test
  void replacingLastCheckpointLeavesNoStaleHadoopChecksum() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("sidecar");
    DeltaTableWriter writer = Store.writers(Store.engine(new Configuration()),
        new StoreLayout(root.toString())).get(StoreTable.STATS);
    writer.append("w", 1, List.<Object[]>of(row(1)));
    Path table = root.resolve("stats");
    // a commit by delta-spark at version 2, which with this interval it also checkpoints
    spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    Path sidecar = table.resolve("_delta_log/._last_checkpoint.crc");
    assertTrue(Files.exists(sidecar), "delta-spark wrote no checksum sidecar: nothing to test");

    writer.append("w", 2, List.<Object[]>of(row(2)));
    writer.append("w", 3, List.<Object[]>of(row(3))); // version 4: Kernel checkpoints, replacing the file

    Path last = table.resolve("_delta_log/_last_checkpoint");
    String text;
    try (InputStream in = FileSystem.getLocal(new Configuration())
        .open(new org.apache.hadoop.fs.Path(last.toUri()))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(text.contains("\"version\":4"), text);
    assertEquals(3, spark.read().format("delta").load(table.toString()).count());
  }

  /**
   * A commit into a log folder that is gone (the store unmounted or deleted after the writer
   * loaded the table) fails, as Delta's own log stores fail, instead of making a new log folder
   * that holds only that commit: Kernel makes the folder itself for a table's first commit.
   */
  @Test
  void aCommitIntoAMissingLogFolderFailsAndMakesNothing() throws Exception {
    Path root = TestSpark.newStoreRoot("vanished log");
    Path commit = root.resolve("stats/_delta_log/00000000000000000007.json");
    Configuration conf = new Configuration();
    assertThrows(java.io.FileNotFoundException.class, () -> new LocalAtomicLogStore(conf).write(
        new org.apache.hadoop.fs.Path(commit.toUri()), List.of("{}").iterator(), false, conf));
    assertFalse(Files.exists(root), "no folder was made");
  }

  /** The quick listing gives what Hadoop's local listing gives Delta: names, sizes, times, order. */
  @Test
  void listingAgreesWithHadoopsLocalListing() throws Exception {
    Path root = TestSpark.newStoreRoot("list from");
    DeltaTableWriter writer = Store.writers(Store.engine(new Configuration()),
        new StoreLayout(root.toString())).get(StoreTable.STATS);
    for (int v = 1; v <= 12; v++) {
      writer.append("w", v, List.<Object[]>of(row(v)));
    }
    Path log = root.resolve("stats/_delta_log");
    Files.writeString(log.resolve(".00000000000000000013.json.1234.tmp"), "partial");
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path logDir = new org.apache.hadoop.fs.Path(log.toUri());
    for (org.apache.hadoop.fs.Path start : List.of(
        new org.apache.hadoop.fs.Path(logDir, "00000000000000000005"),
        new org.apache.hadoop.fs.Path(logDir, "00000000000000000000"),
        new org.apache.hadoop.fs.Path(logDir, "_last_checkpoint"))) {
      List<String> ours = describe(new LocalAtomicLogStore(conf).listFrom(start, conf));
      List<String> hadoops = describe(new io.delta.storage.HadoopFileSystemLogStore(conf) {
        @Override
        public void write(org.apache.hadoop.fs.Path p, java.util.Iterator<String> a, Boolean o,
            Configuration c) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Boolean isPartialWriteVisible(org.apache.hadoop.fs.Path p, Configuration c) {
          return true;
        }
      }.listFrom(start, conf)).stream().filter(d -> !d.startsWith(".")).toList();
      assertEquals(hadoops, ours, "from " + start.getName());
      assertFalse(ours.isEmpty());
    }
    assertThrows(java.io.FileNotFoundException.class, () -> new LocalAtomicLogStore(conf)
        .listFrom(new org.apache.hadoop.fs.Path(root.resolve("nowhere").toUri() + "x"), conf));
    Path file = Files.writeString(root.resolve("a file"), "x");
    assertThrows(java.io.FileNotFoundException.class, () -> new LocalAtomicLogStore(conf)
        .listFrom(new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(file.toUri()),
            "_delta_log/00000000000000000000"), conf), "a file in the way is no table either");
  }

  /**
   * A log folder quiet for a while is not read again while its time stays the same (reading 40,000
   * names costs ~45 ms a snapshot), and any change to it is seen at once. Setting the folder's
   * time back by hand after a change hides the change from the kept names: that proves they are
   * kept, and that only the folder's time decides.
   */
  @Test
  void aQuietFoldersNamesAreKeptUntilItChanges() throws Exception {
    Path log = Files.createDirectories(TestSpark.newStoreRoot("quiet folder").resolve("_delta_log"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        List.of("ext4", "xfs", "btrfs", "tmpfs", "overlay").contains(Files.getFileStore(log).type()),
        "names are only kept on local filesystems");
    for (int v = 0; v < 3; v++) {
      Files.writeString(log.resolve(String.format("%020d.json", v)), "{}");
    }
    FileTime quiet = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(log, quiet);
    Configuration conf = new Configuration();
    LocalAtomicLogStore store = new LocalAtomicLogStore(conf);
    org.apache.hadoop.fs.Path logDir = new org.apache.hadoop.fs.Path(log.toUri());
    org.apache.hadoop.fs.Path from1 =
        new org.apache.hadoop.fs.Path(logDir, "00000000000000000001");
    assertEquals(List.of("00000000000000000001.json", "00000000000000000002.json"),
        names(store.listFrom(from1, conf)));

    Files.writeString(log.resolve("00000000000000000003.json"), "{}");
    assertEquals(3, names(store.listFrom(from1, conf)).size(), "a new commit is seen at once");
    Files.delete(log.resolve("00000000000000000002.json"));
    Files.setLastModifiedTime(log, quiet);
    assertEquals(List.of("00000000000000000001.json"), names(store.listFrom(from1, conf)),
        "with the folder's old time back, the kept names are used (less what no longer exists)");
    assertEquals(List.of("00000000000000000000.json", "00000000000000000001.json",
        "00000000000000000003.json"), names(store.listFrom(
        new org.apache.hadoop.fs.Path(logDir, "00000000000000000000.json"), conf)),
        "a start before the kept names' start reads the folder");
  }

  private static List<String> names(java.util.Iterator<org.apache.hadoop.fs.FileStatus> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(f -> out.add(f.getPath().getName()));
    return out;
  }

  private static List<String> describe(java.util.Iterator<org.apache.hadoop.fs.FileStatus> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(f -> out.add(f.getPath().getName() + " " + f.getLen() + " "
        + f.getModificationTime() + " " + f.isDirectory() + " " + f.getPath().toUri().getPath()));
    return out;
  }

  private static Object[] row(long seq) {
    return StoreSchema.statRow(new StatRecord(Instant.now(), TestRecords.CONTEXT, "w", seq, "s",
        "TIME_SERIES", StatType.NUMBER, new NumberValue(seq)));
  }
}
