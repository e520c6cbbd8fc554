package io.github.sparkmlops.fault;

import io.github.sparkmlops.internal.flush.FlushSettings;
import io.github.sparkmlops.internal.flush.Flusher;
import io.github.sparkmlops.internal.maintain.MaintenanceSettings;
import io.github.sparkmlops.internal.maintain.StoreMaintenance;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;

/**
 * A writer JVM for fault tests, meant to be killed: it reports stats steadily through the real
 * {@link Flusher} (the path every record takes, without a SparkSession, so a trial starts in about
 * a second) and says on stdout what it knows to be committed.
 *
 * <p>Arguments: {@code <mode> <store root> <writer id>}. Modes:
 *
 * <ul>
 *   <li>{@code flush}: commits every few milliseconds, forever (until killed). Prints {@code
 *       READY} once the flusher runs, then {@code WRITTEN <n>} each time the flusher's written
 *       count grows: the records with {@code seq} 1..n of this writer are committed. (One thread
 *       offers seq 1, 2, 3... to one table, and the flusher commits in order, so a written count of
 *       n is exactly that prefix.)
 *   <li>{@code compact}: the same, while a second thread maintains the store in a loop
 *       (compaction of every partition with two small files or more, checkpoints, clean-up),
 *       printing {@code COMPACTING} before each run and {@code COMPACTED <files>} after it.
 * </ul>
 */
public final class FaultWriterMain {

  /** The stat every record of these tests carries. */
  public static final String STAT = "fault.record";

  private FaultWriterMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String root = args[1];
    String writerId = args[2];
    exitWithParent();
    switch (mode) {
      case "flush" -> flushForever(root, writerId);
      case "compact" -> {
        maintainForever(root);
        flushForever(root, writerId);
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /**
   * Ends this JVM when the test JVM is gone (its end of our stdin closes) or after two minutes, so
   * that a writer meant to be killed never outlives a failed or aborted test.
   */
  static void exitWithParent() {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent; EOF means the parent closed the pipe or died
        }
      } catch (java.io.IOException e) {
        // same as EOF
      }
      Runtime.getRuntime().halt(3);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Thread timeout = new Thread(() -> {
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(4);
    }, "lifetime");
    timeout.setDaemon(true);
    timeout.start();
  }

  /** Maintains the store on a thread of its own, run after run, until the JVM ends. */
  private static void maintainForever(String root) {
    // checkpointInterval 1: the kill tests checkpoint every commit, and maintenance must not undo it
    StoreMaintenance maintenance = new StoreMaintenance(new StoreLayout(root), new Configuration(),
        new MaintenanceSettings(false, Duration.ofHours(1), 128L << 20, 2, Duration.ofDays(7),
            Duration.ofDays(30), 1));
    Thread loop = new Thread(() -> {
      while (true) {
        System.out.println("COMPACTING");
        System.out.flush();
        long files = maintenance.run().filesCompacted();
        System.out.println("COMPACTED " + files);
        System.out.flush();
      }
    }, "maintenance-loop");
    loop.setDaemon(true);
    loop.start();
  }

  private static void flushForever(String root, String writerId) throws InterruptedException {
    // A short interval and small commits, so that most of the time a commit (or its checkpoint)
    // is in flight when the kill comes.
    FlushSettings settings = new FlushSettings(
        1_000_000, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(200), 200);
    RunContext context = new RunContext("faults", "faults", "kill", writerId, "localhost");
    Flusher flusher = new Flusher(writerId, settings,
        Store.writers(Store.engine(new Configuration()), new StoreLayout(root)));
    System.out.println("READY");
    System.out.flush();
    long seq = 0;
    long reported = 0;
    while (true) {
      for (int i = 0; i < 20; i++) {
        seq++;
        flusher.offer(StoreTable.STATS, StoreSchema.statRow(new StatRecord(Instant.now(), context,
            writerId, seq, STAT, "TIME_SERIES", StatType.NUMBER, new NumberValue(seq))),
            Duration.ofSeconds(10));
      }
      long written = flusher.report().written();
      if (written > reported) {
        reported = written;
        System.out.println("WRITTEN " + written);
        System.out.flush();
      }
      Thread.sleep(2);
    }
  }
}
