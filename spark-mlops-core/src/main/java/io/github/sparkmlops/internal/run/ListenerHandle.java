package io.github.sparkmlops.internal.run;

import java.time.Duration;
import org.apache.spark.SparkContext;

/** What an {@link ApplicationRun} needs of the listener bound to it when the run ends. */
public interface ListenerHandle {

  /**
   * Lets Spark deliver the events already posted (unless called from Spark's listener thread or
   * once the SparkContext stopped), runs the reports they queued, and ends the report thread; all
   * within {@code timeout}.
   *
   * @param sc the application's context, or null when none is known
   */
  void drain(SparkContext sc, Duration timeout);

  /** Waits up to {@code timeout} for the reports already queued to run. */
  void awaitReports(Duration timeout);
}
