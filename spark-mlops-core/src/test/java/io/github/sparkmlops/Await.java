package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Waits on a condition, polling, and fails the test if it does not hold in time. */
public final class Await {

  private static final long POLL_MS = 50;

  /** A condition that may throw. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Returns once {@code condition} holds; fails after {@code timeout} naming {@code what}. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * Returns once every file under {@code dir} was last modified at least {@code age} ago (for a
   * retention measured from those times to have passed).
   */
  public static void filesOlderThan(Path dir, Duration age) throws Exception {
    until("the files under " + dir + " to be older than " + age, age.plusSeconds(60),
        () -> newestModification(dir) < System.currentTimeMillis() - age.toMillis());
  }

  private static long newestModification(Path dir) throws IOException {
    long newest = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
      }
    }
    return newest;
  }
}
