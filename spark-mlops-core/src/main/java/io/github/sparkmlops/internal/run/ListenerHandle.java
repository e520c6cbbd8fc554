package io.github.sparkmlops.internal.run;

import io.github.sparkmlops.internal.compat.SparkSeam;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;

/** What an {@link ApplicationRun} needs of the listener bound to it when the run ends. */
public interface ListenerHandle {

  /**
   * Lets Spark deliver the events already posted (unless Spark is stopping), runs the reports they
   * queued, and ends the report thread, each within {@code timeout}; counts what it gave up on and
   * writes the listener's last records. Only the first call does anything: the others return at
   * once, after it, so that whoever ends the run first has the listener's records written before
   * the store is closed.
   *
   * @param sc the application's context, or null when none is known
   */
  void drain(SparkContext sc, Duration timeout);

  /**
   * Waits for Spark's listener bus to empty ({@link SparkSeam#LISTENER_BUS}), for {@link #drain};
   * false when that internal call does not link here, so the caller waits for a quiet bus
   * instead.
   *
   * @param deadline a {@link System#nanoTime()} to give up at
   * @throws TimeoutException when the bus still held events at {@code deadline}
   */
  static boolean waitUntilBusEmpty(SparkContext sc, long deadline) throws TimeoutException {
    try {
      sc.listenerBus().waitUntilEmpty(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      return true;
    } catch (LinkageError e) {
      SparkSeam.LISTENER_BUS.unavailable(e);
      return false;
    }
  }
}
