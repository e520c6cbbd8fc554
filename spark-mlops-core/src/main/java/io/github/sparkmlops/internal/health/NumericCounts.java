package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.internal.aggregate.ProfileBuffer;
import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric column's finite values as counts on value intervals: {@code counts[i]} values lie
 * between {@code lower[i]} and {@code upper[i]}. The intervals increase and do not overlap
 * ({@code lower[i] <= upper[i] <= lower[i + 1]}); a point mass, such as the zeros, is an interval
 * with {@code lower == upper}. Infinite values are counted apart in {@code infinities}: no interval
 * holds them, and the distribution compared is that of the finite values. NaN is not counted.
 *
 * <p>The arrays are copied when the record is made; the accessors return the copies, which must not
 * be changed.
 *
 * @param lower each interval's smallest value
 * @param upper each interval's largest value
 * @param counts the values in each interval
 * @param infinities the values that were +Infinity or -Infinity
 */
public record NumericCounts(double[] lower, double[] upper, long[] counts, long infinities) {

  /**
   * Checks and copies the intervals.
   *
   * @throws IllegalArgumentException if an array is null, the arrays differ in length, a bound is
   *     not finite, the intervals are not increasing and apart, or a count is negative
   */
  public NumericCounts {
    if (lower == null || upper == null || counts == null) {
      throw new IllegalArgumentException("lower, upper and counts must not be null");
    }
    if (lower.length != upper.length || lower.length != counts.length) {
      throw new IllegalArgumentException("lower, upper and counts must have one entry per interval,"
          + " got " + lower.length + ", " + upper.length + " and " + counts.length);
    }
    if (infinities < 0) {
      throw new IllegalArgumentException("infinities must not be negative, got " + infinities);
    }
    lower = lower.clone();
    upper = upper.clone();
    counts = counts.clone();
    for (int i = 0; i < counts.length; i++) {
      if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
        throw new IllegalArgumentException("interval bounds must be finite, got [" + lower[i]
            + ", " + upper[i] + "] at " + i);
      }
      if (!(lower[i] <= upper[i]) || (i > 0 && !(upper[i - 1] <= lower[i]))) {
        throw new IllegalArgumentException("intervals must increase without overlapping"
            + " (lower[i] <= upper[i] <= lower[i + 1]), got [" + lower[i] + ", " + upper[i]
            + "] at " + i + (i > 0 ? " after [" + lower[i - 1] + ", " + upper[i - 1] + "]" : ""));
      }
      if (counts[i] < 0) {
        throw new IllegalArgumentException("counts must not be negative, got " + counts[i]
            + " at " + i);
      }
    }
  }

  /**
   * The finite values of a sketch: its non-empty buckets in increasing value order, the first
   * interval starting at the sketch's exact minimum and the last ending at its exact maximum (when
   * those are finite), and its infinities apart.
   */
  public static NumericCounts of(LogBucketSketch sketch) {
    if (sketch == null) {
      throw new IllegalArgumentException("sketch must not be null");
    }
    return of(sketch, 0.0, sketch.min(), sketch.max(), sketch.infinities());
  }

  /**
   * The finite values of a profiled numeric column, in its own values, on the buckets of a sketch
   * centred on {@code centre}: with the column's own {@link ProfileBuffer.Numeric#centre()}, its
   * sketch's buckets shifted back; with another (two stored profiles, each centred on its own
   * data, compared), each of its buckets counted again at its midpoint, so that both sides are
   * counted on the same intervals. That moves a value by at most half its own bucket, then by the
   * new bucket's width: re-centred counts are as coarse as the coarser of the two grids at that
   * value. The outer intervals end at the column's exact extremes.
   *
   * @throws IllegalArgumentException if {@code centre} is not finite
   */
  public static NumericCounts of(ProfileBuffer.Numeric column, double centre) {
    if (column == null) {
      throw new IllegalArgumentException("column must not be null");
    }
    if (!Double.isFinite(centre)) {
      throw new IllegalArgumentException("centre must be finite, got " + centre);
    }
    if (Double.compare(column.centre(), centre + 0.0) == 0) {
      return of(column.sketch(), centre, column.min(), column.max(),
          column.sketch().infinities());
    }
    LogBucketSketch recounted = new LogBucketSketch();
    double by = column.centre() - centre;
    column.sketch().forEachBucket((lo, hi, count) -> recounted.add((lo + hi) / 2 + by, count));
    return of(recounted, centre, column.min(), column.max(), column.sketch().infinities());
  }

  /**
   * The buckets of {@code sketch} (of values less {@code centre}) shifted back, the outer ones
   * narrowed to the values' exact extremes {@code min} and {@code max} where those are finite.
   */
  private static NumericCounts of(LogBucketSketch sketch, double centre, double min, double max,
      long infinities) {
    List<double[]> bounds = new ArrayList<>();
    List<Long> counted = new ArrayList<>();
    // Adding the centre rounds, but never out of order: the shifted intervals still increase.
    sketch.forEachBucket((lo, hi, count) -> {
      bounds.add(centre == 0 ? new double[] {lo, hi} : new double[] {lo + centre, hi + centre});
      counted.add(count);
    });
    int n = bounds.size();
    double[] lower = new double[n];
    double[] upper = new double[n];
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      lower[i] = bounds.get(i)[0];
      upper[i] = bounds.get(i)[1];
      counts[i] = counted.get(i);
    }
    // The exact extremes narrow the outer buckets, and reach values folded past the bucket cap.
    // Adding 0.0 turns a minimum of -0.0 into the zeros' bound 0.0. A centred bucket's bound can
    // round past an extreme by an ulp: the bound then stays, so the interval is not reversed.
    if (n > 0 && Double.isFinite(min)) {
      lower[0] = Math.min(min + 0.0, upper[0]);
    }
    if (n > 0 && Double.isFinite(max)) {
      upper[n - 1] = Math.max(max + 0.0, lower[n - 1]);
    }
    return new NumericCounts(lower, upper, counts, infinities);
  }

  /** The number of finite values: the sum of the counts. */
  public long total() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }
}
