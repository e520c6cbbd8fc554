package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.health.DriftOptions;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a drift report leaves in the store besides its rows: the share of drifted columns as a
 * time series, and the alert naming the drifted columns.
 */
final class DriftOutcome {

  /** The stat of the default comparison's drift share. */
  static final String DRIFT_SHARE = "health.drift_share";

  private DriftOutcome() {}

  /**
   * The drift share stat: {@value #DRIFT_SHARE} for the default comparison, {@code
   * health.drift_share.<name>} for a named one, so that two comparisons do not share a series.
   */
  static NamedStat share(String comparison, DriftReport report) {
    String name = comparison.equals(DriftOptions.DEFAULT_NAME) ? DRIFT_SHARE
        : DRIFT_SHARE + "." + comparison;
    return new NamedStat(name, new NumberValue(report.driftShare()));
  }

  /** A {@code DATA_ALERT} naming every drifted column with its method and score, if any drifted. */
  static Optional<Event> alert(String comparison, String against, DriftReport report,
      Instant time) {
    if (report.driftedFeatures().isEmpty()) {
      return Optional.empty();
    }
    String columns = report.driftedFeatures().stream().map(DriftOutcome::describe)
        .collect(Collectors.joining("; "));
    String title = "Data drift in " + report.driftedFeatures().size() + " of "
        + report.features().size() + " columns (" + comparison + ")";
    String message = "Against " + against + ": " + columns + ". Drift share "
        + format(report.driftShare()) + (report.drifted() ? " reaches " : " is below ")
        + format(report.driftShareThreshold()) + ".";
    return Optional.of(Event.builder(EventType.DATA_ALERT, title)
        .severity(report.drifted() ? Severity.ERROR : Severity.WARNING)
        .message(message)
        .time(time)
        .build());
  }

  private static String describe(FeatureDrift f) {
    return f.column() + " " + f.method() + " " + format(f.score()) + " (threshold "
        + format(f.threshold()) + ")";
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
