package io.github.sparkmlops.internal.store;

import io.delta.kernel.exceptions.CommitStateUnknownException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * Writers that each have their own Kernel engine (as separate JVMs have) and commit one row at a
 * time to the stats table of one store, all starting at once, as fast as they can: run in the test
 * JVM or in a separate one. The table must exist. Exits with 0 once every commit has landed.
 *
 * <p>Kernel gives up on a commit after a bounded number of immediate retries; with eight writers
 * on two cores that bound is often reached. Each writer then replays the same commit with a
 * growing pause, as the flusher does (also when Kernel cannot tell whether an attempt landed), so a
 * row count also proves that a replay never duplicates.
 */
public final class RacingWritersMain {

  /**
   * A writer replays a commit Kernel gave up on until this much time has passed, as the flusher
   * does with its backoff: on a loaded machine a writer holding the next version can be paused for
   * longer than Kernel's immediate retries last (CI once ran out of ten replays).
   */
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  private RacingWritersMain() {}

  /** Arguments: the store root, a prefix for writer ids, the number of writers and of commits each. */
  public static void main(String[] args) throws Exception {
    race(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    System.out.println("all commits landed");
    System.exit(0);
  }

  /** Runs {@code writers} writers of {@code commits} commits each; returns when all have landed. */
  static void race(String storeRoot, String prefix, int writers, int commits) throws Exception {
    StoreLayout layout = new StoreLayout(storeRoot);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String id = prefix + w;
        running.add(pool.submit(() -> {
          DeltaTableWriter writer =
              Store.writers(Store.engine(new Configuration()), layout).get(StoreTable.STATS);
          start.await();
          for (int c = 1; c <= commits; c++) {
            Object[] row = StoreSchema.statRow(new StatRecord(Instant.now(), TestRecords.CONTEXT, id,
                c, "race", "TIME_SERIES", StatType.NUMBER, new NumberValue(c)));
            appendUntilLanded(writer, id, c, row);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : running) {
        w.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void appendUntilLanded(DeltaTableWriter writer, String id, long version,
      Object[] row) throws Exception {
    long giveUpAt = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    for (long pause = 5; ; pause = Math.min(2 * pause, 500)) {
      try {
        writer.append(id, version, List.<Object[]>of(row));
        return;
      } catch (MaxCommitRetryLimitReachedException | CommitStateUnknownException e) {
        if (System.nanoTime() > giveUpAt) {
          throw e;
        }
        Thread.sleep(ThreadLocalRandom.current().nextLong(pause, 2 * pause));
      }
    }
  }
}
