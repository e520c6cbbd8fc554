package io.github.sparkmlops.health;

import io.github.sparkmlops.internal.value.Require;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a drift check chooses and judges: the columns compared, the method per column, the
 * thresholds, the drift share, and the name the comparison is stored under. What is not set here
 * comes from {@code spark.mlops.health.*} configuration, else from the defaults (Evidently's):
 *
 * <ul>
 *   <li>a baseline of at most {@link #smallBaselineRows(long) 1,000} values per column: numeric
 *       columns with more than 5 distinct values use {@link DriftMethod#KOLMOGOROV_SMIRNOV}, other
 *       columns {@link DriftMethod#CHI_SQUARE}, both drifted at p &lt; 0.05;
 *   <li>a larger baseline: numeric columns with more than 5 distinct values use {@link
 *       DriftMethod#WASSERSTEIN} (normed, drifted at ≥ 0.1), other columns {@link
 *       DriftMethod#JENSEN_SHANNON} (drifted at ≥ 0.1);
 *   <li>the Dataset drifted when at least half of the compared columns did.
 * </ul>
 *
 * Instances are immutable; each method returns a new one.
 */
public final class DriftOptions {

  /** The comparison name unless one is set. */
  public static final String DEFAULT_NAME = "drift";

  private final List<String> columns;
  private final Optional<DriftMethod> numericMethod;
  private final Optional<DriftMethod> categoricalMethod;
  private final Map<String, DriftMethod> columnMethods;
  private final Map<DriftMethod, Double> thresholds;
  private final OptionalDouble driftShare;
  private final Optional<Long> smallBaselineRows;
  private final String name;
  private final Optional<String> windowTimeColumn;
  private final Optional<Duration> windowDuration;
  private final Optional<Duration> windowDelay;

  private DriftOptions(List<String> columns, Optional<DriftMethod> numericMethod,
      Optional<DriftMethod> categoricalMethod, Map<String, DriftMethod> columnMethods,
      Map<DriftMethod, Double> thresholds, OptionalDouble driftShare,
      Optional<Long> smallBaselineRows, String name, Optional<String> windowTimeColumn,
      Optional<Duration> windowDuration, Optional<Duration> windowDelay) {
    this.columns = columns;
    this.numericMethod = numericMethod;
    this.categoricalMethod = categoricalMethod;
    this.columnMethods = columnMethods;
    this.thresholds = thresholds;
    this.driftShare = driftShare;
    this.smallBaselineRows = smallBaselineRows;
    this.name = name;
    this.windowTimeColumn = windowTimeColumn;
    this.windowDuration = windowDuration;
    this.windowDelay = windowDelay;
  }

  /**
   * Every column of the current data, methods and thresholds from configuration or defaults.
   *
   * @return the default options
   */
  public static DriftOptions defaults() {
    return new DriftOptions(List.of(), Optional.empty(), Optional.empty(), Map.of(),
        Map.of(), OptionalDouble.empty(), Optional.empty(), DEFAULT_NAME, Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /**
   * Compares only these columns (in this order). Without it every column of the current data is
   * compared, and each must be in the baseline.
   *
   * @param names the columns' names
   * @return these options, to chain calls
   */
  public DriftOptions columns(String... names) {
    if (names == null || names.length == 0) {
      throw new IllegalArgumentException("columns must name at least one column");
    }
    for (String n : names) {
      if (n == null || n.isEmpty()) {
        throw new IllegalArgumentException("columns must not contain a null or empty name");
      }
    }
    if (Arrays.stream(names).distinct().count() != names.length) {
      throw new IllegalArgumentException("columns names a column twice: " + Arrays.toString(names));
    }
    return new DriftOptions(List.of(names), numericMethod, categoricalMethod, columnMethods,
        thresholds, driftShare, smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * Judges every numeric column with {@code method} instead of the default choice.
   *
   * @param method the method
   * @return these options, to chain calls
   */
  public DriftOptions numericMethod(DriftMethod method) {
    return new DriftOptions(columns, Optional.of(required(method)), categoricalMethod,
        columnMethods, thresholds, driftShare, smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * Judges every categorical column with {@code method} instead of the default choice.
   *
   * @param method the method
   * @return these options, to chain calls
   * @throws IllegalArgumentException if the method applies to numeric columns only
   */
  public DriftOptions categoricalMethod(DriftMethod method) {
    if (required(method).numericOnly()) {
      throw new IllegalArgumentException(method.key() + " compares numeric columns only; "
          + "it cannot be the categorical method");
    }
    return new DriftOptions(columns, numericMethod, Optional.of(method), columnMethods,
        thresholds, driftShare, smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * Judges one column with {@code method} (checked against the column's kind when it runs).
   *
   * @param column the column's name
   * @param method the method
   * @return these options, to chain calls
   */
  public DriftOptions method(String column, DriftMethod method) {
    if (column == null || column.isEmpty()) {
      throw new IllegalArgumentException("column must not be null or empty");
    }
    Map<String, DriftMethod> m = new HashMap<>(columnMethods);
    m.put(column, required(method));
    return new DriftOptions(columns, numericMethod, categoricalMethod,
        Collections.unmodifiableMap(m), thresholds, driftShare, smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * The threshold of a method: a p-value in (0, 1) for the tests, a distance above 0 for the
   * others.
   *
   * @param method the method
   * @param threshold its threshold
   * @return these options, to chain calls
   */
  public DriftOptions threshold(DriftMethod method, double threshold) {
    required(method).requireThreshold(threshold, "threshold");
    Map<DriftMethod, Double> t = new EnumMap<>(DriftMethod.class);
    t.putAll(thresholds);
    t.put(method, threshold);
    return new DriftOptions(columns, numericMethod, categoricalMethod, columnMethods,
        Collections.unmodifiableMap(t), driftShare, smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * The share of drifted columns, in (0, 1], at which the Dataset counts as drifted.
   *
   * @param share the share
   * @return these options, to chain calls
   */
  public DriftOptions driftShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("driftShare must be in (0, 1], got " + share);
    }
    return new DriftOptions(columns, numericMethod, categoricalMethod, columnMethods,
        thresholds, OptionalDouble.of(share), smallBaselineRows, name,
        windowTimeColumn, windowDuration, windowDelay);
  }

  /**
   * The baseline size (values of a column) up to which the tests are the default methods.
   *
   * @param rows the number of values
   * @return these options, to chain calls
   */
  public DriftOptions smallBaselineRows(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("smallBaselineRows must not be negative, got " + rows);
    }
    return new DriftOptions(columns, numericMethod, categoricalMethod, columnMethods,
        thresholds, driftShare, Optional.of(rows), name, windowTimeColumn,
        windowDuration, windowDelay);
  }

  /**
   * The name the comparison's rows carry in the drift table's {@code comparison} column.
   *
   * @param comparison the name
   * @return these options, to chain calls
   */
  public DriftOptions name(String comparison) {
    if (comparison == null || comparison.isBlank()) {
      throw new IllegalArgumentException("name must not be null or blank");
    }
    return new DriftOptions(columns, numericMethod, categoricalMethod, columnMethods,
        thresholds, driftShare, smallBaselineRows, comparison, windowTimeColumn,
        windowDuration, windowDelay);
  }

  /**
   * Makes {@code monitor} compare tumbling event-time windows instead of micro-batches: each
   * window of {@code windowDuration} of the timestamp column {@code timeColumn} is profiled across
   * the batches that bring its rows, and compared (with the baseline, and with the query's window
   * compared before it) once it is complete: when the largest event time the query has seen, less
   * {@code delay}, is at or past the window's end. Rows arriving for a window already compared are
   * dropped (and counted in the log). Only {@code monitor} reads it.
   *
   * @param timeColumn a timestamp column of the stream (checked by {@code monitor})
   * @param windowDuration a Spark interval such as {@code "10 minutes"}, more than zero, without
   *     months or years
   * @param delay how late rows may arrive, an interval such as {@code "1 minute"}, zero or more
   * @return these options, to chain calls
   * @throws IllegalArgumentException naming the argument if one is null, empty or not such an
   *     interval
   */
  public DriftOptions window(String timeColumn, String windowDuration, String delay) {
    if (timeColumn == null || timeColumn.isEmpty()) {
      throw new IllegalArgumentException("timeColumn must not be null or empty");
    }
    return new DriftOptions(columns, numericMethod, categoricalMethod, columnMethods,
        thresholds, driftShare, smallBaselineRows, name, Optional.of(timeColumn),
        Optional.of(Require.interval("windowDuration", windowDuration, false)),
        Optional.of(Require.interval("delay", delay, true)));
  }

  /**
   * The columns to compare; empty for every column of the current data.
   *
   * @return the columns' names
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The method for numeric columns, if set.
   *
   * @return the method, or empty
   */
  public Optional<DriftMethod> numericMethod() {
    return numericMethod;
  }

  /**
   * The method for categorical columns, if set.
   *
   * @return the method, or empty
   */
  public Optional<DriftMethod> categoricalMethod() {
    return categoricalMethod;
  }

  /**
   * The methods set per column.
   *
   * @return the methods, by column name
   */
  public Map<String, DriftMethod> columnMethods() {
    return columnMethods;
  }

  /**
   * The thresholds set per method.
   *
   * @return the thresholds, by method
   */
  public Map<DriftMethod, Double> thresholds() {
    return thresholds;
  }

  /**
   * The drift share, if set.
   *
   * @return the share, or empty
   */
  public OptionalDouble driftShare() {
    return driftShare;
  }

  /**
   * The small-baseline bound, if set.
   *
   * @return the number of values, or empty
   */
  public Optional<Long> smallBaselineRows() {
    return smallBaselineRows;
  }

  /**
   * The comparison's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The event-time column of the windows, if {@link #window} was set.
   *
   * @return the column's name, or empty
   */
  public Optional<String> windowTimeColumn() {
    return windowTimeColumn;
  }

  /**
   * The length of a window, if {@link #window} was set.
   *
   * @return the length, or empty
   */
  public Optional<Duration> windowDuration() {
    return windowDuration;
  }

  /**
   * How late rows may arrive for a window, if {@link #window} was set.
   *
   * @return the delay, or empty
   */
  public Optional<Duration> windowDelay() {
    return windowDelay;
  }

  private static DriftMethod required(DriftMethod method) {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    return method;
  }
}
