package io.github.sparkmlops.internal.flush;

import java.time.Duration;

/**
 * How the flusher buffers and retries.
 *
 * @param capacity most records acknowledged but not yet written, across all tables; past it,
 *     {@link Flusher#offer} waits, then drops and counts
 * @param interval how often buffered records are flushed without being asked
 * @param initialBackoff the wait after a first failed commit; doubled after each further failure
 * @param maxBackoff the longest wait between two attempts
 * @param maxRecordsPerCommit the most records one Delta commit carries
 */
public record FlushSettings(
    int capacity, Duration interval, Duration initialBackoff, Duration maxBackoff,
    int maxRecordsPerCommit) {

  public FlushSettings {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    if (maxRecordsPerCommit < 1) {
      throw new IllegalArgumentException(
          "maxRecordsPerCommit must be at least 1, got " + maxRecordsPerCommit);
    }
    positive("interval", interval);
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
