package io.github.sparkmlops.internal.health;

/**
 * The cumulative distribution of {@link NumericCounts}, as shares of its finite values: exact at
 * the intervals' bounds, linear inside each interval (its values spread evenly over it), a jump at
 * each point mass.
 */
final class PiecewiseCdf {

  private final double[] lower;
  private final double[] upper;
  private final long[] counts;
  /** {@code before[i]}: the values in the intervals before interval {@code i}. */
  private final long[] before;
  private final double total;

  /** The distribution of {@code counts}, which must hold at least one finite value. */
  PiecewiseCdf(NumericCounts counts) {
    this.lower = counts.lower();
    this.upper = counts.upper();
    this.counts = counts.counts();
    this.before = new long[this.counts.length + 1];
    for (int i = 0; i < this.counts.length; i++) {
      before[i + 1] = before[i] + this.counts[i];
    }
    this.total = before[this.counts.length];
  }

  /** The share of values at or below {@code x}. */
  double at(double x) {
    return upToInterval(firstEndingPast(x, false), x);
  }

  /** The share of values strictly below {@code x}: {@link #at} without a point mass at {@code x}. */
  double below(double x) {
    return upToInterval(firstEndingPast(x, true), x);
  }

  /** The intervals before {@code i}, and the part of interval {@code i} below {@code x}. */
  private double upToInterval(int i, double x) {
    double values = before[i];
    if (i < counts.length && lower[i] < x) {
      values += counts[i] * Math.min(1.0, (x - lower[i]) / (upper[i] - lower[i]));
    }
    return values / total;
  }

  /** The first interval whose upper bound is above {@code x} (or at it, if {@code orAt}). */
  private int firstEndingPast(double x, boolean orAt) {
    int low = 0;
    int high = upper.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (upper[mid] > x || (orAt && upper[mid] == x)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** The smallest value at which {@link #at} reaches {@code share} (above 0 and at most 1). */
  double quantile(double share) {
    double target = share * total;
    int i = 0;
    while (before[i + 1] < target) {
      i++;
    }
    // before[i] < target <= before[i + 1], so interval i holds values
    double within = (target - before[i]) / counts[i];
    return lower[i] + Math.min(1.0, within) * (upper[i] - lower[i]);
  }

  /** The smallest value: the lower bound of the first interval that holds values. */
  double min() {
    int i = 0;
    while (counts[i] == 0) {
      i++;
    }
    return lower[i];
  }

  /** The largest value: the upper bound of the last interval that holds values. */
  double max() {
    int i = counts.length - 1;
    while (counts[i] == 0) {
      i--;
    }
    return upper[i];
  }

  /**
   * The largest share of values in one interval of non-zero width: the most this CDF can differ
   * from the values' own CDF anywhere (a point mass is exact).
   */
  double largestSpreadShare() {
    long largest = 0;
    for (int i = 0; i < counts.length; i++) {
      if (lower[i] < upper[i]) {
        largest = Math.max(largest, counts[i]);
      }
    }
    return largest / total;
  }

  double[] lower() {
    return lower;
  }

  double[] upper() {
    return upper;
  }
}
