package io.github.sparkmlops.internal.run;

import java.time.Duration;
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
}
