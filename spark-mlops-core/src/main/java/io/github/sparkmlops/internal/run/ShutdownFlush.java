package io.github.sparkmlops.internal.run;

import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The JVM shutdown hook that writes what an application reported when it exits without {@code
 * done()}. It runs through Hadoop's hook manager, after Spark stops its context (priority 50, so
 * the application's end is reported first) and before Hadoop closes its cached filesystems
 * (priority 10), which the flush still needs.
 */
final class ShutdownFlush {

  private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

  private final Runnable hook;

  /** Registers {@code flush}; it may run for {@code timeoutMillis} before Hadoop gives up on it. */
  ShutdownFlush(Runnable flush, long timeoutMillis) {
    this.hook = flush;
    ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Unregisters the hook, unless the JVM is already shutting down (then it has run or runs). */
  void remove() {
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(hook);
    }
  }
}
