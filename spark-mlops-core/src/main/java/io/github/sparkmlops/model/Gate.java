package io.github.sparkmlops.model;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The conditions a version must meet to move to a stage: {@link
 * ModelRegistry#transition(String, long, Stage, Gate)} checks every one of them and moves the
 * version only when all hold. Immutable.
 *
 * <pre>{@code
 * Gate gate = Gate.of(Gate.metricAtLeast("accuracy", 0.8), Gate.metricAtMost("rmse", 0.5))
 *     .and(Gate.noAlertSince(Instant.now().minus(Duration.ofHours(24))));
 * mlops.models().transition("churn", 4, Stage.PRODUCTION, gate);
 * }</pre>
 */
public final class Gate {

  /** Alerts a failed {@link #noAlertSince} lists by name; the others are counted. */
  private static final int ALERTS_LISTED = 3;

  private final List<GateCondition> conditions;

  private Gate(List<GateCondition> conditions) {
    this.conditions = List.copyOf(conditions);
  }

  /**
   * A gate of these conditions, checked in this order.
   *
   * @param conditions the conditions
   * @return the gate
   * @throws IllegalArgumentException if there is no condition, or one is null
   */
  public static Gate of(GateCondition... conditions) {
    Require.notNull("conditions", conditions);
    if (conditions.length == 0) {
      throw new IllegalArgumentException(
          "conditions must hold at least one condition: a gate of none would let every version pass");
    }
    List<GateCondition> list = new ArrayList<>();
    for (int i = 0; i < conditions.length; i++) {
      list.add(Require.notNull("conditions[" + i + "]", conditions[i]));
    }
    return new Gate(list);
  }

  /**
   * This gate with one more condition, checked after the others.
   *
   * @param condition the condition to add
   * @return a new gate; this one is unchanged
   */
  public Gate and(GateCondition condition) {
    List<GateCondition> more = new ArrayList<>(conditions);
    more.add(Require.notNull("condition", condition));
    return new Gate(more);
  }

  /**
   * The conditions, in the order they are checked.
   *
   * @return the conditions
   */
  public List<GateCondition> conditions() {
    return conditions;
  }

  /**
   * Checks every condition (not stopping at the first failure) and returns why each failed one
   * failed, in order; empty when all hold. A condition that throws a {@code RuntimeException}, or
   * returns null, counts as failed.
   *
   * @param candidate the transition to check
   * @return the failed conditions' reasons; empty when all hold
   */
  public List<String> failures(GateCheck candidate) {
    Require.notNull("candidate", candidate);
    List<String> failures = new ArrayList<>();
    for (GateCondition condition : conditions) {
      try {
        Optional<String> reason = condition.check(candidate);
        if (reason == null) {
          failures.add(condition + " returned null instead of a reason or none");
        } else {
          reason.ifPresent(failures::add);
        }
      } catch (RuntimeException e) {
        failures.add(condition + " could not be checked: " + e.getMessage());
      }
    }
    return failures;
  }

  /**
   * The candidate's logged metric ({@link ModelVersion#metrics()}: given at publication, logged or
   * evaluated since) is at least {@code min}. A missing metric fails, naming the metrics there are.
   *
   * @param metric the metric's name, such as {@code accuracy}
   * @param min the lowest value accepted
   * @return the condition
   * @throws IllegalArgumentException if {@code metric} is not a valid metric name or {@code min} is
   *     NaN
   */
  public static GateCondition metricAtLeast(String metric, double min) {
    return new MetricBound(Require.name("metric", metric), number("min", min), true);
  }

  /**
   * The candidate's logged metric is at most {@code max}: for error metrics such as {@code rmse}.
   * A missing metric fails, naming the metrics there are.
   *
   * @param metric the metric's name, such as {@code rmse}
   * @param max the highest value accepted
   * @return the condition
   * @throws IllegalArgumentException if {@code metric} is not a valid metric name or {@code max} is
   *     NaN
   */
  public static GateCondition metricAtMost(String metric, double max) {
    return new MetricBound(Require.name("metric", metric), number("max", max), false);
  }

  /**
   * No alert event (a data, health, system or canary alert) in the store at or after {@code
   * since}, from any application writing to it (see {@link GateCheck#alertsSince}). The {@code
   * events} table is read on the driver, no Spark job; alerts not flushed yet are not seen.
   *
   * @param since the earliest event time looked at
   * @return the condition
   * @throws IllegalArgumentException if {@code since} is null or outside the range of event times
   */
  public static GateCondition noAlertSince(Instant since) {
    return new NoAlertSince(Require.time("since", since));
  }

  private static double number(String argument, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(argument + " must be a number, got NaN");
    }
    return value;
  }

  /** The conditions joined with {@code and}. */
  @Override
  public String toString() {
    return conditions.stream().map(String::valueOf).collect(Collectors.joining(" and "));
  }

  /** A logged metric at least ({@code atLeast}) or at most a bound. */
  private record MetricBound(String metric, double bound, boolean atLeast)
      implements GateCondition {

    @Override
    public Optional<String> check(GateCheck candidate) {
      ModelVersion version = candidate.version();
      Double value = version.metrics().get(metric);
      if (value == null) {
        return Optional.of(version.uri() + " has no metric '" + metric + "' ("
            + (version.metrics().isEmpty() ? "it has no metrics"
                : "its metrics are " + String.join(", ", version.metrics().keySet())) + ")");
      }
      if (Double.isNaN(value)) {
        return Optional.of(metric + " is NaN, not " + rule());
      }
      boolean holds = atLeast ? value >= bound : value <= bound;
      return holds ? Optional.empty()
          : Optional.of(metric + " " + value + (atLeast ? " < " : " > ") + bound);
    }

    private String rule() {
      return (atLeast ? "at least " : "at most ") + bound;
    }

    @Override
    public String toString() {
      return "metric " + metric + " " + rule();
    }
  }

  /** No alert in the store at or after a time. */
  private record NoAlertSince(Instant since) implements GateCondition {

    @Override
    public Optional<String> check(GateCheck candidate) {
      List<Event> alerts = candidate.alertsSince(since);
      if (alerts.isEmpty()) {
        return Optional.empty();
      }
      String listed = alerts.stream().limit(ALERTS_LISTED)
          .map(a -> a.type() + " '" + a.title() + "' at " + a.time())
          .collect(Collectors.joining(", "));
      int more = alerts.size() - ALERTS_LISTED;
      return Optional.of(alerts.size() + (alerts.size() == 1 ? " alert" : " alerts") + " since "
          + since + ": " + listed + (more > 0 ? " and " + more + " more" : ""));
    }

    @Override
    public String toString() {
      return "no alert since " + since;
    }
  }
}
