package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log store for S3 on a filesystem whose conditional create is an atomic put-if-absent and
 * fails as S3A does (see {@link PutIfAbsentFileSystem}).
 */
class ConditionalPutLogStoreTest {

  private final Configuration conf = PutIfAbsentFileSystem.conf(ConditionalPutLogStore.class);
  private final ConditionalPutLogStore store = new ConditionalPutLogStore(conf);

  @AfterEach
  void reset() {
    PutIfAbsentFileSystem.reset();
  }

  private java.nio.file.Path logFolder(String label) throws Exception {
    return Files.createDirectories(TestSpark.newStoreRoot(label).resolve("_delta_log"));
  }

  private static Path commit(java.nio.file.Path log, long version) {
    return new Path(PutIfAbsentFileSystem.root(log.resolve(String.format("%020d.json", version))));
  }

  private void write(Path path, String line, boolean overwrite) throws Exception {
    store.write(path, List.of(line).iterator(), overwrite, conf);
  }

  private static String text(java.nio.file.Path log, long version) throws Exception {
    return Files.readString(log.resolve(String.format("%020d.json", version)), StandardCharsets.UTF_8);
  }

  @Test
  void aVersionIsWrittenOnceAndItsSecondWriterIsToldItExists() throws Exception {
    java.nio.file.Path log = logFolder("second writer");
    write(commit(log, 0), "{\"first\":1}", false);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> write(commit(log, 0), "{\"second\":2}", false));
    assertInstanceOf(RemoteFileChangedException.class, e.getCause(), "S3A's answer to a 412");
    assertEquals("{\"first\":1}\n", text(log, 0), "the first commit stands");
  }

  /**
   * A 409 means another conditional write of the key is in progress, which may still fail: the
   * PUT is retried until it lands or the key exists.
   */
  @Test
  void aConflictWithAWriteInProgressIsRetriedUntilThePutLands() throws Exception {
    java.nio.file.Path log = logFolder("conflict");
    AtomicInteger puts = new AtomicInteger();
    PutIfAbsentFileSystem.beforePut(path -> {
      if (puts.incrementAndGet() <= 2) {
        throw PutIfAbsentFileSystem.s3aError(path, 409, "ConditionalRequestConflict");
      }
    });
    write(commit(log, 3), "{\"ours\":3}", false);
    assertEquals(3, puts.get());
    assertEquals("{\"ours\":3}\n", text(log, 3));
  }

  @Test
  void aConflictWithAWriteThatLandedMeansTheVersionIsTaken() throws Exception {
    java.nio.file.Path log = logFolder("conflict landed");
    PutIfAbsentFileSystem.beforePut(path -> {
      Files.writeString(log.resolve(path.getName()), "{\"theirs\":4}\n");
      throw PutIfAbsentFileSystem.s3aError(path, 409, "ConditionalRequestConflict");
    });
    assertThrows(FileAlreadyExistsException.class, () -> write(commit(log, 4), "{\"ours\":4}", false));
    assertEquals("{\"theirs\":4}\n", text(log, 4));
  }

  /** S3A's create may find the file before it sends anything, and says so in Hadoop's terms. */
  @Test
  void hadoopsFileAlreadyExistsIsDeltasToo() throws Exception {
    java.nio.file.Path log = logFolder("hadoop exists");
    PutIfAbsentFileSystem.beforePut(path -> {
      throw new org.apache.hadoop.fs.FileAlreadyExistsException(path + " already exists");
    });
    assertThrows(FileAlreadyExistsException.class, () -> write(commit(log, 1), "{}", false));
  }

  @Test
  void otherFailuresAreNotMistakenForATakenVersionNorRetried() throws Exception {
    java.nio.file.Path log = logFolder("forbidden");
    AtomicInteger puts = new AtomicInteger();
    PutIfAbsentFileSystem.beforePut(path -> {
      puts.incrementAndGet();
      throw PutIfAbsentFileSystem.s3aError(path, 403, "AccessDenied");
    });
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> write(commit(log, 1), "{}", false));
    assertFalse(e instanceof FileAlreadyExistsException, e.toString());
    assertEquals(1, puts.get());
  }

  @Test
  void filesMeantToBeReplacedAreReplaced() throws Exception {
    java.nio.file.Path log = logFolder("overwrite");
    Path last = new Path(PutIfAbsentFileSystem.root(log.resolve("_last_checkpoint")));
    write(last, "{\"version\":10}", true);
    write(last, "{\"version\":20}", true);
    assertEquals("{\"version\":20}\n", Files.readString(log.resolve("_last_checkpoint")));
  }

  @Test
  void aCommitIntoAMissingLogFolderFailsAndMakesNothing() throws Exception {
    java.nio.file.Path root = TestSpark.newStoreRoot("vanished");
    java.nio.file.Path log = root.resolve("stats/_delta_log");
    assertThrows(FileNotFoundException.class, () -> write(commit(log, 7), "{}", false));
    assertFalse(Files.exists(root));
  }

  /**
   * Where conditional creates are missing (Hadoop before 3.4.2, or S3A with {@code
   * fs.s3a.create.conditional.enabled=false}) a new commit is refused before anything is written,
   * with the reason, never written unsafely; the probe tells beforehand.
   */
  @Test
  void withoutConditionalCreatesACommitIsRefusedAndTheProbeSaysSo() throws Exception {
    java.nio.file.Path log = logFolder("unavailable");
    assertTrue(ConditionalPutLogStore.available(commit(log, 0), conf));
    PutIfAbsentFileSystem.conditionalEnabled(false);
    assertFalse(ConditionalPutLogStore.available(commit(log, 0), conf));
    ConditionalPutLogStore.Unavailable e = assertThrows(ConditionalPutLogStore.Unavailable.class,
        () -> write(commit(log, 0), "{}", false));
    assertTrue(e.getMessage().contains(org.apache.hadoop.util.VersionInfo.getVersion()), e.getMessage());
    assertFalse(Files.exists(log.resolve(String.format("%020d.json", 0))));
  }

  @Test
  void theStoreEngineUsesItForS3UnlessALogStoreIsSet() {
    Configuration given = new Configuration();
    given.set("io.delta.kernel.logStore.s3n.impl", "users.OwnLogStore");
    Configuration used = ((StoreEngine) Store.engine(given)).hadoopConf();
    for (String scheme : List.of("s3", "s3a")) {
      assertEquals(ConditionalPutLogStore.class.getName(),
          used.get("io.delta.kernel.logStore." + scheme + ".impl"), scheme);
    }
    assertEquals("users.OwnLogStore", used.get("io.delta.kernel.logStore.s3n.impl"));
  }

  /**
   * Another writer's commit lands on exactly the version our writer is about to write, after it
   * decided on that version and before its PUT: that commit stands, and ours goes to the next
   * version, with every record once.
   */
  @Test
  void aCommitThatTakesOurVersionFirstStandsAndOursTakesTheNext() throws Exception {
    java.nio.file.Path root = TestSpark.newStoreRoot("taken version");
    StoreLayout layout = new StoreLayout(PutIfAbsentFileSystem.root(root));
    DeltaTableWriter ours = Store.writers(Store.engine(conf), layout).get(StoreTable.STATS);
    DeltaTableWriter theirs = Store.writers(Store.engine(conf), layout).get(StoreTable.STATS);
    ours.append("ours", 1, List.<Object[]>of(row("ours", 1)));
    long before = TableRows.version(Store.engine(conf), layout.tablePath(StoreTable.STATS));
    String taken = String.format("%020d.json", before + 1);
    PutIfAbsentFileSystem.beforePut(path -> {
      if (path.getName().equals(taken)) {
        PutIfAbsentFileSystem.reset();
        theirs.append("theirs", 1, List.<Object[]>of(row("theirs", 1)));
      }
    });
    ours.append("ours", 2, List.<Object[]>of(row("ours", 2)));

    List<String> rows = new ArrayList<>();
    long version = TableRows.forEach(Store.engine(conf), layout.tablePath(StoreTable.STATS),
        List.of("writer_id", "seq"), r -> rows.add(r.text("writer_id") + "/" + r.whole("seq")));
    assertEquals(before + 2, version, "ours landed on the version after theirs");
    assertEquals(List.of("ours/1", "ours/2", "theirs/1"), rows.stream().sorted().toList());
  }

  /**
   * Through Kernel: were a 409 taken for "the version is taken", Kernel would look for the winning
   * commit, find none, and give the commit up ("No winning commits found").
   */
  @Test
  void aConflictWithAWriteThatNeverLandsStillCommitsOnThatVersion() throws Exception {
    java.nio.file.Path root = TestSpark.newStoreRoot("conflict gap");
    StoreLayout layout = new StoreLayout(PutIfAbsentFileSystem.root(root));
    DeltaTableWriter ours = Store.writers(Store.engine(conf), layout).get(StoreTable.STATS);
    ours.append("ours", 1, List.<Object[]>of(row("ours", 1)));
    long before = TableRows.version(Store.engine(conf), layout.tablePath(StoreTable.STATS));
    AtomicInteger puts = new AtomicInteger();
    PutIfAbsentFileSystem.beforePut(path -> {
      if (puts.incrementAndGet() <= 2) {
        throw PutIfAbsentFileSystem.s3aError(path, 409, "ConditionalRequestConflict");
      }
    });
    ours.append("ours", 2, List.<Object[]>of(row("ours", 2)));
    PutIfAbsentFileSystem.reset();
    List<String> rows = new ArrayList<>();
    long version = TableRows.forEach(Store.engine(conf), layout.tablePath(StoreTable.STATS),
        List.of("writer_id", "seq"), r -> rows.add(r.text("writer_id") + "/" + r.whole("seq")));
    assertEquals(before + 1, version);
    assertEquals(List.of("ours/1", "ours/2"), rows.stream().sorted().toList());
    assertTrue(Files.exists(root.resolve("stats/_delta_log").resolve(String.format("%020d.json", before + 1))));
  }

  static Object[] row(String writer, long seq) {
    return StoreSchema.statRow(new StatRecord(Instant.now(), TestRecords.CONTEXT, writer, seq,
        "s", "TIME_SERIES", StatType.NUMBER, new NumberValue(seq)));
  }
}
