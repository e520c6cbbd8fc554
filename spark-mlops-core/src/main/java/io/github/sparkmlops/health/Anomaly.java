package io.github.sparkmlops.health;

import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;

/**
 * A point of a stored time series that an {@link AnomalyStrategy} flagged.
 *
 * @param time when the point was recorded
 * @param value the point's value
 * @param lowerBound the lowest value the strategy accepted at that point, {@code
 *     Double.NEGATIVE_INFINITY} where it sets no lower bound
 * @param upperBound the highest value the strategy accepted at that point, {@code
 *     Double.POSITIVE_INFINITY} where it sets no upper bound
 * @param strategy the strategy and its parameters, as {@link AnomalyStrategy#toString()} gives them
 */
public record Anomaly(
    Instant time, double value, double lowerBound, double upperBound, String strategy) {

  /**
   * Checks that the time and the strategy are given.
   *
   * @param time when the point was recorded
   * @param value the point's value
   * @param lowerBound the lowest value the strategy accepted at that point, {@code
   *     Double.NEGATIVE_INFINITY} where it sets no lower bound
   * @param upperBound the highest value the strategy accepted at that point, {@code
   *     Double.POSITIVE_INFINITY} where it sets no upper bound
   * @param strategy the strategy and its parameters, as {@link AnomalyStrategy#toString()} gives them
   */
  public Anomaly {
    Require.notNull("time", time);
    Require.notNull("strategy", strategy);
  }

  /**
   * One line for an alert, such as {@code "accuracy = 0.52 at 2024-05-01T10:00:00Z is below the
   * accepted range [0.81, 0.97] of OnlineNormal(lowerDeviationFactor=3.0, ...)"}.
   *
   * @param statName the name of the series the point belongs to (the name rule of {@link
   *     io.github.sparkmlops.value})
   * @return the line
   */
  public String describe(String statName) {
    Require.name("statName", statName);
    String side = value < lowerBound ? "below" : "above";
    return statName + " = " + value + " at " + time + " is " + side + " the accepted range ["
        + lowerBound + ", " + upperBound + "] of " + strategy;
  }
}
