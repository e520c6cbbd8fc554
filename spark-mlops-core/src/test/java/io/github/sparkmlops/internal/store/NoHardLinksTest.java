package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestJvm;
import io.github.sparkmlops.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A store on a filesystem without hard links, as FUSE mounts ({@code /Volumes}, {@code /dbfs}) and
 * FAT or SMB shares are. Writer JVMs run with {@link NoHardLinksFileSystemProvider} as their
 * default filesystem, so {@code link(2)} fails for everything they do, and must publish commits
 * with {@link VersionClaim}s instead; the test JVM reads what they wrote with delta-spark.
 */
class NoHardLinksTest {

  private static final int PER_WRITER = 400;

  private final SparkSession spark = TestSpark.session();

  /** The probe finds what a folder offers, once, and leaves nothing behind. */
  @Test
  void theProbeChoosesHowAFolderPublishes() throws Exception {
    Path root = Files.createDirectories(TestSpark.newStoreRoot("probe"));
    Configuration conf = new Configuration();
    Path linking = Files.createDirectory(root.resolve("linking"));
    assertEquals(LogPublishing.Protocol.HARD_LINK, LogPublishing.protocol(linking, conf));

    NoHardLinksFileSystemProvider fuse =
        NoHardLinksFileSystemProvider.over(FileSystems.getDefault().provider(), true);
    Path claiming = fuse.path(Files.createDirectory(root.resolve("claiming")));
    assertEquals(LogPublishing.Protocol.CLAIM, LogPublishing.protocol(claiming, conf));
    assertEquals(1, fuse.linkAttempts());
    assertEquals(LogPublishing.Protocol.CLAIM, LogPublishing.protocol(claiming, conf));
    assertEquals(1, fuse.linkAttempts(), "a folder is probed once");

    NoHardLinksFileSystemProvider copying =
        NoHardLinksFileSystemProvider.over(FileSystems.getDefault().provider(), false);
    Path nothing = copying.path(Files.createDirectory(root.resolve("nothing safe")));
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> LogPublishing.protocol(nothing, conf));
    assertTrue(refused.getMessage().contains(nothing.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("spark.mlops.store.writers=single"), refused.getMessage());
    assertTrue(refused.getMessage().contains("Function not implemented"), refused.getMessage());
    assertTrue(refused.getMessage().contains(Files.getFileStore(root).type()), "names the mount: "
        + refused.getMessage());
    Configuration single = new Configuration();
    single.set(StoreWriters.SETTING, "single");
    assertEquals(LogPublishing.Protocol.SINGLE_WRITER, LogPublishing.protocol(nothing, single));

    for (Path folder : List.of(linking, root.resolve("claiming"), root.resolve("nothing safe"))) {
      try (Stream<Path> left = Files.list(folder)) {
        assertEquals(List.of(), left.toList(), "the probe left nothing behind in " + folder);
      }
    }
  }

  /**
   * {@code MLOps.init} (through {@link StoreCheck}) refuses a local store where several writers
   * cannot publish safely, naming the setting that accepts it for one writer, and accepts it then.
   */
  @Test
  void aStoreWithNoSafeWayToPublishIsRefusedAtStart() throws Exception {
    Path root = TestSpark.newStoreRoot("no safe publishing");
    Process refused = startWriter(false, RequireUsableMain.class, root.toString(), "");
    String out = outputOf(refused);
    assertTrue(out.contains("refused: spark.mlops.store = " + root), out);
    assertTrue(out.contains("spark.mlops.store.writers=single"), out);
    Process accepted = startWriter(false, RequireUsableMain.class, root.toString(), "single");
    out = outputOf(accepted);
    assertTrue(out.contains("accepted"), out);
    assertTrue(out.contains("commits are published as by one writer"), "says so once: " + out);
  }

  /**
   * The multi-writer tests of the hard-link path, on a filesystem without hard links: eight
   * racing writers in one JVM and two flushers in two more, all on one table at once.
   */
  @Test
  void manyWritersWithoutHardLinksAllLandOnce() throws Exception {
    Path root = TestSpark.newStoreRoot("no hard links");
    CommitRaceTest.createStats(root);
    List<Process> jvms = new ArrayList<>();
    jvms.add(startWriter(true, RacingWritersMain.class, root.toString(), "racer-",
        String.valueOf(CommitRaceTest.WRITERS), String.valueOf(CommitRaceTest.COMMITS)));
    for (int j = 1; j <= 2; j++) {
      jvms.add(startWriter(true, ConcurrentWriterMain.class, root.toString(), "jvm-" + j,
          String.valueOf(PER_WRITER)));
    }
    for (Process jvm : jvms) {
      String out = outputOf(jvm);
      assertEquals(0, jvm.exitValue(), out);
      assertTrue(out.contains("Hard links do not work"), "the writer said how it publishes: " + out);
    }

    Dataset<Row> stats = spark.read().format("delta").load(root.resolve("stats").toString());
    long expected = (long) CommitRaceTest.WRITERS * CommitRaceTest.COMMITS + 2L * PER_WRITER;
    assertEquals(expected, stats.count());
    assertEquals(expected, stats.select("writer_id", "seq").distinct().count());
    try (Stream<Path> log = Files.list(root.resolve("stats/_delta_log"))) {
      assertEquals(List.of(), log.map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".claim")).toList(), "every claim was released");
    }
  }

  /**
   * A writer killed while holding the claim on the next version left it behind, with part of its
   * commit inside; once that claim is old, the next writer takes it over, commits that version,
   * and nothing of the killed writer's part is read.
   */
  @Test
  void aClaimLeftByAKilledWriterDoesNotBlockLaterCommits() throws Exception {
    Path root = TestSpark.newStoreRoot("killed claimer");
    CommitRaceTest.createStats(root);
    Path log = root.resolve("stats/_delta_log");
    long commits;
    try (Stream<Path> files = Files.list(log)) {
      commits = files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
    }
    String next = String.format("%020d.json", commits);
    Path claim = log.resolve("." + next + ".claim");
    Files.writeString(Files.createDirectory(claim).resolve("killed-writer"), "{\"commitInfo\":{\"tim");
    Files.setLastModifiedTime(claim, FileTime.from(
        Instant.now().minus(VersionClaim.STALE_AFTER).minusSeconds(5)));

    Process writer = startWriter(true, ConcurrentWriterMain.class, root.toString(), "after-kill", "100");
    String out = outputOf(writer);
    assertEquals(0, writer.exitValue(), out);
    assertTrue(out.contains("Took over the claim on " + log.resolve(next)), out);
    assertFalse(Files.exists(claim));
    assertTrue(Files.readString(log.resolve(next)).contains("\"appId\":\"after-kill\""),
        "the version holds the later writer's commit");
    assertEquals(100, spark.read().format("delta").load(root.resolve("stats").toString()).count());
  }

  /**
   * A claim younger than {@link VersionClaim#STALE_AFTER} is another writer's, at work: a writer
   * waits for it rather than take it over, and when that writer publishes, gets the "exists"
   * Delta retries on the next version, leaving the other's commit as it is.
   */
  @Test
  void aFreshClaimIsWaitedForAndItsCommitKept() throws Exception {
    Path log = Files.createDirectories(TestSpark.newStoreRoot("fresh claim").resolve("_delta_log"));
    Path target = log.resolve("00000000000000000003.json");
    Path claim = Files.createDirectory(log.resolve(".00000000000000000003.json.claim"));
    Files.writeString(claim.resolve("holder"), "holder's commit\n");
    // old, but not old enough: a claim is never judged stale before its time
    Files.setLastModifiedTime(claim, FileTime.from(
        Instant.now().minus(VersionClaim.STALE_AFTER).plusSeconds(15)));

    Path mine = Files.writeString(log.resolve(".mine.tmp"), "waiter's commit\n");
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
      waiter.set(Thread.currentThread());
      try {
        VersionClaim.publish(mine, target);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (waiter.get() == null || waiter.get().getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the writer never waited for the claim");
      Thread.onSpinWait();
    }
    assertFalse(Files.exists(target), "the waiting writer published over a fresh claim");

    Files.move(claim.resolve("holder"), target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.delete(claim);
    Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> publishing.get(20, TimeUnit.SECONDS)).getCause().getCause();
    assertTrue(failure instanceof FileAlreadyExistsException, String.valueOf(failure));
    assertEquals("holder's commit\n", Files.readString(target));
    try (Stream<Path> left = Files.list(log)) {
      assertEquals(List.of(target), left.toList(), "the waiter left nothing behind");
    }
  }

  /**
   * A writer that stalled while holding its claim, long enough for another writer to take the
   * claim over, fails when it resumes, whether the other writer has published yet or not, and
   * never replaces the other's commit.
   */
  @Test
  void aWriterWhoseClaimWasTakenOverNeverPublishes() throws Exception {
    Path log = Files.createDirectories(TestSpark.newStoreRoot("stalled claimer").resolve("_delta_log"));
    Path target = log.resolve("00000000000000000005.json");
    VersionClaim stalled = new VersionClaim(
        Files.writeString(log.resolve(".stalled.tmp"), "stalled commit\n"), target);
    stalled.acquire();
    Files.setLastModifiedTime(log.resolve(".00000000000000000005.json.claim"), FileTime.from(
        Instant.now().minus(VersionClaim.STALE_AFTER).minusSeconds(1)));

    VersionClaim other = new VersionClaim(
        Files.writeString(log.resolve(".other.tmp"), "other commit\n"), target);
    other.acquire();
    // the stalled writer resumes between the other's claim and its publication: the worst moment
    IOException lost = assertThrows(IOException.class, stalled::publishHeld);
    assertTrue(lost.getMessage().contains("taken over"), lost.getMessage());
    assertFalse(Files.exists(target));
    other.publishHeld();
    other.release();
    assertThrows(FileAlreadyExistsException.class, stalled::publishHeld);
    stalled.release();
    assertEquals("other commit\n", Files.readString(target));
    try (Stream<Path> left = Files.list(log)) {
      assertEquals(List.of(target), left.toList());
    }
  }

  /** Starts {@code main} in a JVM whose default filesystem has no hard links. */
  private static Process startWriter(boolean atomicFolderRenames, Class<?> main, String... args)
      throws IOException {
    return TestJvm.start(Map.of("JAVA_TOOL_OPTIONS",
        "-Djava.nio.file.spi.DefaultFileSystemProvider="
            + NoHardLinksFileSystemProvider.class.getName() + " -D"
            + NoHardLinksFileSystemProvider.ATOMIC_FOLDER_RENAMES + "=" + atomicFolderRenames),
        main, "512m", args);
  }

  private static String outputOf(Process jvm) throws Exception {
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(jvm.waitFor(3, TimeUnit.MINUTES), "the JVM ended: " + out);
    return out;
  }

  /**
   * Checks a store root as {@code MLOps.init} does, with {@code spark.mlops.store.writers} set to
   * the second argument unless it is empty, and prints whether it was accepted.
   */
  public static final class RequireUsableMain {
    private RequireUsableMain() {}

    public static void main(String[] args) {
      Configuration conf = new Configuration();
      if (!args[1].isEmpty()) {
        conf.set(StoreWriters.SETTING, args[1]);
      }
      try {
        StoreCheck.requireUsable(new StoreLayout(args[0]), conf, "spark.mlops.store");
        System.out.println("accepted");
      } catch (IllegalArgumentException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }
}
