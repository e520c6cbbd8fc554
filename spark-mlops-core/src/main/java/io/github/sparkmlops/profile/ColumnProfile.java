package io.github.sparkmlops.profile;

import io.github.sparkmlops.value.Histogram;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The profile of one column. Fields that do not apply to the column's kind are null.
 *
 * @param column the column name
 * @param kind how the column was profiled
 * @param count non-null values
 * @param missing null values
 * @param zeros values equal to 0 (numeric columns)
 * @param nanCount NaN values (numeric columns)
 * @param min smallest value, NaN excluded (numeric)
 * @param max largest value, NaN excluded (numeric)
 * @param mean mean, NaN excluded (numeric)
 * @param stddev sample standard deviation, NaN excluded (numeric)
 * @param quantiles values at {@link #QUANTILE_RANKS} (numeric), within {@link
 *     #QUANTILE_RELATIVE_ERROR} of the exact ones
 * @param distinct distinct values (categorical columns): exact up to 1,000, then a HyperLogLog
 *     estimate
 * @param averageLength mean string length (string columns)
 * @param histogram continuous or categorical histogram; null when there were no values
 * @param vectorStats MLOpsFunctions.vectorSummary's result row (vector and array columns)
 */
public record ColumnProfile(
    String column, ColumnKind kind, long count, long missing, Long zeros, Long nanCount,
    Double min, Double max, Double mean, Double stddev, List<Double> quantiles, Long distinct,
    Double averageLength, Histogram histogram, Row vectorStats) {

  /** The ranks of {@link #quantiles()}. */
  public static final double[] QUANTILE_RANKS = {0.05, 0.25, 0.5, 0.75, 0.95};
  /** The bound on a quantile's relative error. */
  public static final double QUANTILE_RELATIVE_ERROR = 1.0 / 256;
}
