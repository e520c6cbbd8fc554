package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.internal.flush.FlushSettings;
import io.github.sparkmlops.internal.flush.Flusher;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;

/**
 * A writer of its own, run in the test JVM or in a separate one: offers {@code count} stats through
 * a {@link Flusher} that commits in small batches, so its commits interleave with other writers'.
 * Exits with 0 only if every record was written.
 */
public final class ConcurrentWriterMain {

  private ConcurrentWriterMain() {}

  public static void main(String[] args) {
    FlushReport report = write(args[0], args[1], Integer.parseInt(args[2]));
    System.out.println(report);
    System.exit(report.complete() && report.written() == Integer.parseInt(args[2]) ? 0 : 1);
  }

  static FlushReport write(String storeRoot, String writerId, int count) {
    return write(new Configuration(), storeRoot, writerId, count);
  }

  /** As {@link #write(String, String, int)}, with the filesystems and log stores {@code conf} sets. */
  static FlushReport write(Configuration conf, String storeRoot, String writerId, int count) {
    FlushSettings settings = new FlushSettings(
        count, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(1), 50);
    RunContext context = new RunContext("concurrency", "concurrency", writerId, writerId, "localhost");
    try (Flusher flusher = new Flusher(writerId, settings,
        Store.writers(Store.engine(conf), new StoreLayout(storeRoot)))) {
      for (int i = 1; i <= count; i++) {
        flusher.offer(StoreTable.STATS, StoreSchema.statRow(new StatRecord(Instant.now(), context,
            writerId, i, "concurrent", "TIME_SERIES", StatType.NUMBER,
            new NumberValue(i))), Duration.ofSeconds(10));
      }
      return flusher.close(Duration.ofSeconds(120));
    }
  }
}
