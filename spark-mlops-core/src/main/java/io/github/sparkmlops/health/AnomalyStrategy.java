package io.github.sparkmlops.health;

import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How to tell an anomalous point in a numeric time series (a KPI, a drift score, a stream's rate)
 * from its history: the strategies of Deequ's anomaly detection, on a series held in memory.
 *
 * <ul>
 *   <li>{@link #onlineNormal()}: outside the running mean ± 3 standard deviations; the first 10 %
 *       of the points are never flagged, and flagged points stay out of the running statistics.
 *   <li>{@link #relativeRateOfChange(double, double)}: the ratio to the previous point outside
 *       given bounds, e.g. {@code (0.9, 1.1)} for a change of more than 10 % either way.
 *   <li>{@link #absolute(double, double)}: outside fixed bounds.
 * </ul>
 *
 * <p>{@link #detect(List, double[], int)} walks the whole series in time order and reports the
 * flagged points from a given index on; the earlier points are the history they are judged against.
 * A point's verdict does not depend on which points are reported: a point of the history that the
 * strategy would flag stays out of the running statistics too, so a spike flagged by one run does
 * not widen the accepted range of the next run that reads it as history. (Deequ takes every point
 * before its search interval into the statistics, flagged or not.)
 *
 * <p>Values in a series:
 *
 * <ul>
 *   <li>NaN (a stat that could not be computed) is skipped: never flagged and no part of any
 *       history; the strategies see the series as if the point were not there.
 *   <li>±Infinity is checked like any value, so any finite bound on its side flags it, but it never
 *       becomes history: it enters no running statistics and is never the previous point of a rate
 *       of change, as it would turn every later bound infinite.
 * </ul>
 *
 * <p>A strategy is immutable and may be shared between threads. Its {@link #toString()} names the
 * strategy and its parameters; it goes into {@link Anomaly#strategy()} and so into alerts.
 */
public final class AnomalyStrategy {

  /** Deviations from the running mean accepted on either side by {@link #onlineNormal()}. */
  public static final double DEFAULT_DEVIATION_FACTOR = 3.0;

  /** Share of a series' first points that {@link #onlineNormal()} never flags. */
  public static final double DEFAULT_IGNORE_START_PERCENTAGE = 0.1;

  private final String description;
  /** A fresh walk over a series of the given number of (non-NaN) points. */
  private final IntFunction<Walk> walkOfLength;

  private AnomalyStrategy(String description, IntFunction<Walk> walkOfLength) {
    this.description = description;
    this.walkOfLength = walkOfLength;
  }

  /**
   * Deequ's {@code OnlineNormalStrategy} with its defaults: a point is flagged when it lies more
   * than {@value #DEFAULT_DEVIATION_FACTOR} standard deviations below or above the running mean;
   * the first 10 % of the points ({@link #DEFAULT_IGNORE_START_PERCENTAGE}) are never flagged;
   * flagged points are left out of the running mean and variance. See {@link
   * #onlineNormal(double, double, double)}.
   *
   * @return the strategy
   */
  public static AnomalyStrategy onlineNormal() {
    return onlineNormal(
        DEFAULT_DEVIATION_FACTOR, DEFAULT_DEVIATION_FACTOR, DEFAULT_IGNORE_START_PERCENTAGE);
  }

  /**
   * Deequ's {@code OnlineNormalStrategy}: a point x is flagged when it lies outside
   * [mean − lowerDeviationFactor·σ, mean + upperDeviationFactor·σ], where mean and σ (the
   * population standard deviation) are those of the unflagged points before it <em>and x
   * itself</em>, as in Deequ. Flagged points are left out of the mean and σ of the later points.
   *
   * <p>Because x is part of the statistics it is tested against, a point can lie at most √m
   * deviations from the mean of itself and m earlier points, so with a factor k no point with at
   * most k² points of history (9 for the default 3) is flagged on that side. Unlike Deequ, which
   * divides by the point's position in the series, the mean and variance divide by the number of
   * points actually in them, so they stay exact after a flagged point is left out.
   *
   * @param lowerDeviationFactor standard deviations accepted below the mean, at least 0; {@code
   *     Double.POSITIVE_INFINITY} for no lower bound
   * @param upperDeviationFactor standard deviations accepted above the mean, at least 0; {@code
   *     Double.POSITIVE_INFINITY} for no upper bound (not both infinite)
   * @param ignoreStartPercentage share of the series, between 0 and 1, never flagged: the points at
   *     positions i &lt; n·ignoreStartPercentage, counting from 0 over the n non-NaN points of the
   *     series given to {@link #detect(List, double[], int)} (so it depends on how much history
   *     the caller passes); they still enter the running statistics
   * @return the strategy
   */
  public static AnomalyStrategy onlineNormal(
      double lowerDeviationFactor, double upperDeviationFactor, double ignoreStartPercentage) {
    deviationFactor("lowerDeviationFactor", lowerDeviationFactor);
    deviationFactor("upperDeviationFactor", upperDeviationFactor);
    if (Double.isInfinite(lowerDeviationFactor) && Double.isInfinite(upperDeviationFactor)) {
      throw new IllegalArgumentException("lowerDeviationFactor and upperDeviationFactor must not"
          + " both be infinite: the strategy would flag nothing");
    }
    if (!(ignoreStartPercentage >= 0 && ignoreStartPercentage <= 1)) {
      throw new IllegalArgumentException(
          "ignoreStartPercentage must be between 0 and 1, got " + ignoreStartPercentage);
    }
    return new AnomalyStrategy(
        "OnlineNormal(lowerDeviationFactor=" + lowerDeviationFactor + ", upperDeviationFactor="
            + upperDeviationFactor + ", ignoreStartPercentage=" + ignoreStartPercentage + ")",
        length -> new OnlineNormalWalk(
            lowerDeviationFactor, upperDeviationFactor, length * ignoreStartPercentage));
  }

  /**
   * Deequ's {@code RelativeRateOfChangeStrategy} of order 1: a point x<sub>t</sub> is flagged
   * when x<sub>t</sub> / x<sub>t−1</sub> lies outside [maxRateDecrease, maxRateIncrease],
   * x<sub>t−1</sub> being the previous finite point, flagged or not (so the return from a spike is
   * flagged too). {@code (0.9, 1.1)} accepts a change of at most 10 % either way.
   *
   * <p>The accepted range reported in an {@link Anomaly} is in the series' units:
   * [0.9·x<sub>t−1</sub>, 1.1·x<sub>t−1</sub>] in that example, and the ratio is tested as that
   * range. It is meant for
   * positive series: after a negative point the range is mirrored ([1.1·x<sub>t−1</sub>,
   * 0.9·x<sub>t−1</sub>]); after a zero any other value is an infinite change, flagged where the
   * rate on its side is bounded. The first finite point of a series has no previous one and is
   * never flagged.
   *
   * @param maxRateDecrease the lowest ratio accepted, such as 0.9; {@code Double.NEGATIVE_INFINITY}
   *     for no lower bound
   * @param maxRateIncrease the highest ratio accepted, such as 1.1, at least maxRateDecrease;
   *     {@code Double.POSITIVE_INFINITY} for no upper bound (not both unbounded)
   * @return the strategy
   */
  public static AnomalyStrategy relativeRateOfChange(
      double maxRateDecrease, double maxRateIncrease) {
    bounds("maxRateDecrease", maxRateDecrease, "maxRateIncrease", maxRateIncrease);
    return new AnomalyStrategy(
        "RelativeRateOfChange(maxRateDecrease=" + maxRateDecrease + ", maxRateIncrease="
            + maxRateIncrease + ")",
        length -> new RateOfChangeWalk(maxRateDecrease, maxRateIncrease));
  }

  /**
   * Deequ's {@code SimpleThresholdStrategy}: a point is flagged when it lies outside [lower, upper]
   * (the bounds themselves are accepted), whatever its history.
   *
   * @param lower the lowest value accepted; {@code Double.NEGATIVE_INFINITY} for no lower bound
   * @param upper the highest value accepted, at least lower; {@code Double.POSITIVE_INFINITY} for
   *     no upper bound (not both unbounded)
   * @return the strategy
   */
  public static AnomalyStrategy absolute(double lower, double upper) {
    bounds("lower", lower, "upper", upper);
    Range accepted = new Range(lower, upper);
    return new AnomalyStrategy(
        "Absolute(lower=" + lower + ", upper=" + upper + ")",
        length -> value -> accepted.excludes(value) ? accepted : null);
  }

  /**
   * The flagged points of a series from {@code firstChecked} on, in time order. The whole series
   * is walked: the points before {@code firstChecked} are the history the later ones are judged
   * against, and are never reported.
   *
   * @param times when each point was recorded, in ascending order (equal times allowed), no null
   * @param values the points' values, as many as {@code times}; NaN points are skipped
   * @param firstChecked index of the first point that may be reported, between 0 and {@code
   *     values.length} (which reports nothing)
   * @return the flagged points with the range each was tested against; empty when none
   */
  public List<Anomaly> detect(List<Instant> times, double[] values, int firstChecked) {
    Require.notNull("times", times);
    Require.notNull("values", values);
    if (times.size() != values.length) {
      throw new IllegalArgumentException("times and values must have the same length, got "
          + times.size() + " times and " + values.length + " values");
    }
    for (int i = 0; i < times.size(); i++) {
      if (times.get(i) == null) {
        throw new IllegalArgumentException("times must not contain null (index " + i + ")");
      }
      if (i > 0 && times.get(i).isBefore(times.get(i - 1))) {
        throw new IllegalArgumentException("times must be in ascending order, but times[" + i
            + "] = " + times.get(i) + " is before times[" + (i - 1) + "] = " + times.get(i - 1));
      }
    }
    if (firstChecked < 0 || firstChecked > values.length) {
      throw new IllegalArgumentException("firstChecked must be between 0 and values.length ("
          + values.length + "), got " + firstChecked);
    }
    int present = 0;
    for (double value : values) {
      present += Double.isNaN(value) ? 0 : 1;
    }
    Walk walk = walkOfLength.apply(present);
    List<Anomaly> flagged = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      Range outside = walk.next(values[i]);
      if (outside != null && i >= firstChecked) {
        flagged.add(
            new Anomaly(times.get(i), values[i], outside.lower(), outside.upper(), description));
      }
    }
    return List.copyOf(flagged);
  }

  /** The strategy and its parameters, e.g. {@code "Absolute(lower=0.0, upper=1.0)"}. */
  @Override
  public String toString() {
    return description;
  }

  /** Strategies are equal when they are of the same kind with the same parameters. */
  @Override
  public boolean equals(Object other) {
    // The description spells every parameter exactly (Double.toString round-trips).
    return other instanceof AnomalyStrategy that && description.equals(that.description);
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  private static void deviationFactor(String argument, double factor) {
    if (!(factor >= 0)) {
      throw new IllegalArgumentException(argument + " must be at least 0, got " + factor);
    }
  }

  /** The checks shared by a pair of bounds, either of which may be left open with an infinity. */
  private static void bounds(String lowerName, double lower, String upperName, double upper) {
    if (Double.isNaN(lower) || lower == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(lowerName
          + " must be a number or -Infinity (no lower bound), got " + lower);
    }
    if (Double.isNaN(upper) || upper == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(upperName
          + " must be a number or Infinity (no upper bound), got " + upper);
    }
    if (lower > upper) {
      throw new IllegalArgumentException(
          lowerName + " must be at most " + upperName + ", got " + lower + " > " + upper);
    }
    if (Double.isInfinite(lower) && Double.isInfinite(upper)) {
      throw new IllegalArgumentException(lowerName + " and " + upperName
          + " must not both be unbounded: the strategy would flag nothing");
    }
  }

  /** The values accepted at one point; an infinite end is an open side. */
  private record Range(double lower, double upper) {
    boolean excludes(double value) {
      return value < lower || value > upper;
    }
  }

  /** One pass over a series' non-NaN points, in time order. */
  private interface Walk {
    /** Takes the next point; returns the range it lies outside of when it is flagged, else null. */
    Range next(double value);
  }

  /** Welford's running mean and variance over the finite, unflagged points. */
  private static final class OnlineNormalWalk implements Walk {
    private final double lowerFactor;
    private final double upperFactor;
    private final double positionsIgnored;
    private int position;
    private long count;
    private double mean;
    /** Sum of squared deviations from the mean. */
    private double squares;

    OnlineNormalWalk(double lowerFactor, double upperFactor, double positionsIgnored) {
      this.lowerFactor = lowerFactor;
      this.upperFactor = upperFactor;
      this.positionsIgnored = positionsIgnored;
    }

    @Override
    public Range next(double value) {
      boolean flaggable = position++ >= positionsIgnored;
      if (Double.isInfinite(value)) {
        // It cannot join the statistics, so it is judged against those of the points before it.
        Range accepted = count == 0 ? null : range(mean, Math.sqrt(squares / count));
        return flaggable && accepted != null && accepted.excludes(value) ? accepted : null;
      }
      long withValue = count + 1;
      double meanWithValue = mean + (value - mean) / withValue;
      double squaresWithValue = squares + (value - mean) * (value - meanWithValue);
      Range accepted = range(meanWithValue, Math.sqrt(squaresWithValue / withValue));
      if (flaggable && accepted.excludes(value)) {
        return accepted;
      }
      count = withValue;
      mean = meanWithValue;
      squares = squaresWithValue;
      return null;
    }

    private Range range(double center, double deviation) {
      // An infinite factor times a zero deviation would be NaN; it means an open side.
      return new Range(
          Double.isInfinite(lowerFactor) ? Double.NEGATIVE_INFINITY
              : center - lowerFactor * deviation,
          Double.isInfinite(upperFactor) ? Double.POSITIVE_INFINITY
              : center + upperFactor * deviation);
    }
  }

  /** The ratio of each point to the previous finite one. */
  private static final class RateOfChangeWalk implements Walk {
    private final double maxRateDecrease;
    private final double maxRateIncrease;
    private double previous = Double.NaN;

    RateOfChangeWalk(double maxRateDecrease, double maxRateIncrease) {
      this.maxRateDecrease = maxRateDecrease;
      this.maxRateIncrease = maxRateIncrease;
    }

    @Override
    public Range next(double value) {
      Range accepted = Double.isNaN(previous) ? null : rangeAfter(previous);
      if (!Double.isInfinite(value)) {
        previous = value;
      }
      return accepted != null && accepted.excludes(value) ? accepted : null;
    }

    /** x / p within [d, i], as a range of x. */
    private Range rangeAfter(double p) {
      if (p == 0) {
        // x / 0 is ±Infinity for any other x (0 / 0 is no change): only 0 passes a bounded side.
        return new Range(
            Double.isInfinite(maxRateDecrease) ? Double.NEGATIVE_INFINITY : 0,
            Double.isInfinite(maxRateIncrease) ? Double.POSITIVE_INFINITY : 0);
      }
      double atDecrease = maxRateDecrease * p;
      double atIncrease = maxRateIncrease * p;
      // Dividing by a negative p turns the inequalities around.
      return p > 0 ? new Range(atDecrease, atIncrease) : new Range(atIncrease, atDecrease);
    }
  }
}
