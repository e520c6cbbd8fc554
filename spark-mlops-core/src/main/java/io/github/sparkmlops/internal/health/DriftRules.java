package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.health.DriftMethod;
import io.github.sparkmlops.health.DriftOptions;
import io.github.sparkmlops.internal.config.HealthSettings;

/**
 * What one drift check uses to choose and judge: its options first, then the {@code
 * spark.mlops.health.*} settings, then Evidently's defaults.
 */
record DriftRules(HealthSettings settings, DriftOptions options) {

  /** Numeric columns with at most this many distinct values are judged as categorical ones. */
  static final int FEW_VALUES = 5;

  /**
   * The method judging a column.
   *
   * @param numeric whether the column is numeric with more than {@link #FEW_VALUES} values
   * @param baselineCount the baseline's values in the column
   * @throws IllegalArgumentException if the column's own method applies to numeric columns only
   *     and the column is not such a column
   */
  DriftMethod method(String column, boolean numeric, long baselineCount) {
    DriftMethod own = options.columnMethods().get(column);
    if (own != null) {
      if (own.numericOnly() && !numeric) {
        throw new IllegalArgumentException("Column '" + column + "' is categorical (or numeric "
            + "with at most " + FEW_VALUES + " distinct values), but its method " + own.key()
            + " compares numeric columns only");
      }
      return own;
    }
    boolean small = baselineCount <= options.smallBaselineRows()
        .orElse(settings.smallBaselineRows());
    if (numeric) {
      return options.numericMethod().or(settings::numericMethod)
          .orElse(small ? DriftMethod.KOLMOGOROV_SMIRNOV : DriftMethod.WASSERSTEIN);
    }
    return options.categoricalMethod().or(settings::categoricalMethod)
        .orElse(small ? DriftMethod.CHI_SQUARE : DriftMethod.JENSEN_SHANNON);
  }

  /** The threshold of a method. */
  double threshold(DriftMethod method) {
    Double own = options.thresholds().get(method);
    return own != null ? own : settings.threshold(method);
  }

  /** The share of drifted columns at which the data counts as drifted. */
  double driftShare() {
    return options.driftShare().orElse(settings.driftShare());
  }
}
