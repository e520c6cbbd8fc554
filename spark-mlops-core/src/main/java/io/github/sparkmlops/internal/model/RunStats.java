package io.github.sparkmlops.internal.model;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * What the {@code runs} view takes from stats rows of one run and one name: their context, time
 * range and count, and the latest {@code CONFIG} and other value among them. The view folds these,
 * whoever made them: one per row when the driver reads the {@code stats} table through Kernel, a
 * few per run and name when the tasks of a Spark job did the heavy part ({@link StoreView#rows(
 * io.github.sparkmlops.internal.store.StoreLayout, org.apache.hadoop.conf.Configuration,
 * Source)}). Serializable, so that a Spark task can hand its sums back.
 *
 * @param start the earliest row's time, microseconds
 * @param end the latest row's time, microseconds
 * @param count how many rows
 * @param configTime the time of the latest {@code CONFIG} row with a value, or null if none
 * @param configValue that row's value as the view shows it ({@link #configValue})
 * @param metricTime the time of the latest other row with a number, or null if none
 * @param metricValue that row's number
 */
public record RunStats(String runId, String mlapp, String pipeline, String node, String host,
    String name, long start, long end, long count, Long configTime, String configValue,
    Long metricTime, Double metricValue) implements Serializable {

  /** Where a view's stats come from: hands every one to {@code each}. */
  @FunctionalInterface
  public interface Source {
    void forEach(Consumer<RunStats> each);
  }

  /**
   * A {@code CONFIG} row's value as the view shows it: its text, else its number as Java prints
   * it ({@code 20.0}, {@code NaN}), or null when it has neither.
   */
  public static String configValue(String text, Double number) {
    return text != null ? text : number == null ? null : number.toString();
  }
}
