package io.github.sparkmlops.internal.health;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The statistics the drift tests check the sketched ones against, computed on the raw values, and
 * the samples they draw: one copy for every test of the sketches' accuracy.
 */
public final class ExactStatistics {

  private ExactStatistics() {}

  /** N(mean, 1), reproducibly. */
  public static double[] gaussian(long seed, int n, double mean) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + random.nextGaussian();
    }
    return values;
  }

  /** The two-sample KS statistic of sorted samples: the largest CDF gap, at the sample values. */
  public static double exactKs(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double x = Math.min(a[i], b[j]);
      while (i < a.length && a[i] == x) {
        i++;
      }
      while (j < b.length && b[j] == x) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }

  /** The largest share of one interval of non-zero width: the most a CDF read off it can be off. */
  public static double largestSpreadShare(NumericCounts counts) {
    long largest = 0;
    for (int i = 0; i < counts.counts().length; i++) {
      if (counts.upper()[i] > counts.lower()[i]) {
        largest = Math.max(largest, counts.counts()[i]);
      }
    }
    return (double) largest / counts.total();
  }

  /** The population standard deviation (Evidently's, for the normed Wasserstein distance). */
  public static double populationStddev(double[] values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average()
        .orElseThrow());
  }
}
