package io.github.sparkmlops.internal.health;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Gamma;

/**
 * The drift metrics of one column: how far a current distribution is from a baseline one, keyed by
 * the drift table's metric column names. Either side without values gives every metric as NaN.
 *
 * <p><b>Numeric columns.</b> Each side is {@link NumericCounts}: counts on value intervals, such as
 * a {@link io.github.sparkmlops.internal.sketch.LogBucketSketch}'s buckets. Its CDF {@code G} is
 * taken as exact at the intervals' bounds and linear inside each interval (the values spread evenly
 * over it). Inside an interval holding the share {@code s} of a side's values, {@code G} differs
 * from the CDF {@code F} of the values themselves by at most {@code s}; a point mass ({@code lower
 * == upper}) is exact. Let {@code e_b}, {@code e_c} be the largest share of one interval of
 * non-zero width on the baseline and on the current side. Then:
 *
 * <ul>
 *   <li>{@code ks_statistic} is {@code D_G = sup |G_b - G_c|}, found exactly at the bounds of
 *       both sides (just below and at each), as both CDFs are linear between them. It is the
 *       Kolmogorov-Smirnov statistic of the two sides after each value is spread over its
 *       interval, and the KS statistic {@code D} of the values themselves is within {@code e_b +
 *       e_c} of it. A bucket of a profile's LogBucketSketch, which holds each value less the
 *       column's centre {@code c} ({@code ProfileBuffer.Numeric#centre()}), is at most {@code 2 *
 *       RELATIVE_ERROR = 1/128} of its values' distance {@code |x - c|} wide, so {@code e} is the
 *       largest share of values in such a band (about 0.002 for N(0, 1) around any centre near its
 *       bulk; see the last point for an uncentred one).
 *   <li>{@code wasserstein_distance} is {@code W_G = integral |G_b - G_c| dx}, exact on the linear
 *       pieces. Spreading a value over an interval of width {@code w} moves it by at most {@code
 *       w/2} on average, so by the triangle inequality the first Wasserstein distance {@code W1}
 *       of the values themselves is within {@code sum s_i w_i / 2} of it, over the intervals of
 *       both sides. For a LogBucketSketch centred on {@code c} ({@code w <= 2 * RELATIVE_ERROR *
 *       |x - c|} for every {@code x} in the bucket) that is {@code |W_G - W1| <= RELATIVE_ERROR *
 *       (mean|x - c|_b + mean|x - c|_c)}, both sides on the same centre (a side counted again on
 *       the other's centre adds its own buckets' half widths), distances below {@link
 *       Double#MIN_NORMAL} and buckets folded past the sketch's cap aside.
 *   <li>{@code ks_pvalue} is the asymptotic two-sample p-value {@code Q_KS(sqrt(en) * D_G)},
 *       {@code en = n m / (n + m)}, with the Kolmogorov distribution's survival function {@code
 *       Q_KS} (scipy's {@code kstwobign}; scipy's {@code ks_2samp(method = "asymp")} now uses the
 *       finite-{@code en} {@code kstwo}, which tends to it). At millions of rows it is near 0 for
 *       shifts not worth an alert: trust the distances there.
 *   <li>{@code ks_critical_value} is the sketch-aware rejection bound at alpha = {@value
 *       #KS_ALPHA}, as DataSketches' {@code KolmogorovSmirnov}: {@code sqrt(-ln(alpha/2) / 2) *
 *       sqrt((n + m) / (n m)) + e_b + e_c}. A {@code D_G} above it rejects "the same
 *       distribution" whatever the sketches hid.
 *   <li>{@code wasserstein_normed} is {@code W_G / max(baselineStddev, 0.001)}, Evidently's normed
 *       Wasserstein (Evidently takes the population standard deviation).
 *   <li>{@code js_distance}, {@code population_stability_index}, {@code tv_distance}, {@code
 *       l_infinity_distance} and {@code overlap_score} are taken on coarse bins: the baseline's
 *       {@value #COARSE_BINS} equal-frequency bins between its smallest and largest value (edges
 *       at the deciles of {@code G_b}, equal edges merged), plus a bin below the baseline's
 *       smallest value and one above its largest. Each edge is also a bin of its own, holding
 *       the point masses there, so that a column of a few distinct values (0/1, say) keeps them
 *       apart; the ranges between edges are open. Each side's shares are read off its own {@code
 *       G}: a share moves from one bin to another only within an interval that holds or straddles
 *       an edge, so {@code l_infinity_distance} is within {@code 2(e_b + e_c)} and {@code
 *       tv_distance} within {@code 11(e_b + e_c)} (eleven edges) of their values on the data.
 *   <li>All these bounds grow with the values' distance from the centre against their spread, as
 *       the buckets are relative to it. Uncentred ({@code c = 0}), values around 1,000 +- 1 fill
 *       two or three buckets, the critical value exceeds 1, and for N(1000, 1) against N(1000.5,
 *       1) {@code wasserstein_distance} is 0.78 where the values' own is 0.50 (KS 0.190 against
 *       0.196); against N(1000.1, 1), 0.155 for 0.099, a false alert at the default 0.1. Centred
 *       on one of the baseline's values, as drift profiles are, the same comparisons give 0.499
 *       and 0.0986 (KS 0.196 and 0.0394, critical value 0.013 where the plain one is 0.006).
 * </ul>
 *
 * <p><b>Categorical columns.</b> Exact, over the categories with a count on either side: {@code
 * chi_squared_statistic} is Evidently's goodness of fit (observed: the current counts; expected:
 * the baseline's share times the current count), infinite when the current has a category the
 * baseline lacks (its p-value then 0, as scipy's); {@code chi_squared_pvalue} is its upper
 * chi-square tail with one degree of freedom less than the categories (1 for a single category,
 * where scipy has no degree of freedom and gives NaN); {@code unseen_share} is the share of the
 * current's values in categories the baseline lacks; the distances are those below, on the
 * categories' shares.
 *
 * <p><b>The distances on shares.</b> With {@code p} the baseline's and {@code q} the current's
 * shares: {@code js_distance} is the Jensen-Shannon distance with the natural logarithm (scipy's
 * {@code jensenshannon}), {@code sqrt((KL(p||m) + KL(q||m)) / 2)} with {@code m = (p + q) / 2},
 * from 0 to {@code sqrt(ln 2)}; {@code population_stability_index} is {@code sum (p - q) ln(p /
 * q)}, an empty share taken as {@value #PSI_FLOOR} on either side (Evidently); {@code tv_distance}
 * is {@code sum |p - q| / 2}; {@code l_infinity_distance} is {@code max |p - q|}; {@code
 * overlap_score} is ParallelM's {@code sum p q / sum p^2}, capped at 1: 1 when identical, 0 when
 * disjoint, but also 1 whenever the current sits in bins at least as full as the baseline's
 * average, which is why it is reported and not a default test.
 */
public final class DriftMetrics {

  /** The Kolmogorov-Smirnov statistic. */
  public static final String KS_STATISTIC = "ks_statistic";
  /** The Kolmogorov-Smirnov asymptotic p-value. */
  public static final String KS_PVALUE = "ks_pvalue";
  /** The sketch-aware Kolmogorov-Smirnov rejection bound at alpha = {@value #KS_ALPHA}. */
  public static final String KS_CRITICAL_VALUE = "ks_critical_value";
  /** The first Wasserstein distance, in the column's unit. */
  public static final String WASSERSTEIN_DISTANCE = "wasserstein_distance";
  /** The first Wasserstein distance over the baseline's standard deviation. */
  public static final String WASSERSTEIN_NORMED = "wasserstein_normed";
  /** The chi-square goodness-of-fit statistic. */
  public static final String CHI_SQUARED_STATISTIC = "chi_squared_statistic";
  /** The chi-square goodness-of-fit p-value. */
  public static final String CHI_SQUARED_PVALUE = "chi_squared_pvalue";
  /** The Jensen-Shannon distance, natural logarithm. */
  public static final String JS_DISTANCE = "js_distance";
  /** The population stability index. */
  public static final String POPULATION_STABILITY_INDEX = "population_stability_index";
  /** The total variation distance. */
  public static final String TV_DISTANCE = "tv_distance";
  /** The largest difference of one bin's or category's shares. */
  public static final String L_INFINITY_DISTANCE = "l_infinity_distance";
  /** ParallelM's overlap score. */
  public static final String OVERLAP_SCORE = "overlap_score";
  /** The share of current values in categories the baseline lacks. */
  public static final String UNSEEN_SHARE = "unseen_share";

  /** The significance of {@link #KS_CRITICAL_VALUE}. */
  public static final double KS_ALPHA = 0.05;
  /** The share an empty bin or category counts as in the population stability index. */
  public static final double PSI_FLOOR = 0.0001;
  /** The smallest standard deviation the normed Wasserstein distance divides by. */
  public static final double MIN_STDDEV = 0.001;
  /** The baseline's equal-frequency bins between its extremes, for the distances on shares. */
  public static final int COARSE_BINS = 10;

  private static final List<String> NUMERIC_METRICS = List.of(KS_STATISTIC, KS_PVALUE,
      KS_CRITICAL_VALUE, WASSERSTEIN_DISTANCE, WASSERSTEIN_NORMED, JS_DISTANCE,
      POPULATION_STABILITY_INDEX, TV_DISTANCE, L_INFINITY_DISTANCE, OVERLAP_SCORE);
  private static final List<String> CATEGORICAL_METRICS = List.of(CHI_SQUARED_STATISTIC,
      CHI_SQUARED_PVALUE, JS_DISTANCE, POPULATION_STABILITY_INDEX, TV_DISTANCE,
      L_INFINITY_DISTANCE, OVERLAP_SCORE, UNSEEN_SHARE);

  private DriftMetrics() {}

  /**
   * The metrics of a numeric column (see the class description): {@code ks_statistic}, {@code
   * ks_pvalue}, {@code ks_critical_value}, {@code wasserstein_distance}, {@code
   * wasserstein_normed}, {@code js_distance}, {@code population_stability_index}, {@code
   * tv_distance}, {@code l_infinity_distance}, {@code overlap_score}; all NaN when either side has
   * no finite value.
   *
   * @param baselineStddev the baseline's standard deviation, for {@code wasserstein_normed} (NaN
   *     when unknown: that metric is then NaN)
   * @throws IllegalArgumentException if a side is null or {@code baselineStddev} is negative
   */
  public static Map<String, Double> numeric(NumericCounts baseline, NumericCounts current,
      double baselineStddev) {
    requireSides(baseline, current);
    if (baselineStddev < 0) {
      throw new IllegalArgumentException("baselineStddev must not be negative (NaN when unknown),"
          + " got " + baselineStddev);
    }
    double n = baseline.total();
    double m = current.total();
    if (n == 0 || m == 0) {
      return nanFor(NUMERIC_METRICS);
    }
    PiecewiseCdf b = new PiecewiseCdf(baseline);
    PiecewiseCdf c = new PiecewiseCdf(current);
    double[] grid = bounds(b, c);
    double ks = 0;
    double wasserstein = 0;
    double leftDifference = 0;
    for (int j = 0; j < grid.length; j++) {
      double x = grid[j];
      // Both CDFs are linear between bounds: the largest gap is at one, just below or at it.
      double belowDifference = b.below(x) - c.below(x);
      double atDifference = b.at(x) - c.at(x);
      ks = Math.max(ks, Math.max(Math.abs(belowDifference), Math.abs(atDifference)));
      if (j > 0) {
        wasserstein += areaBetween(leftDifference, belowDifference, x - grid[j - 1]);
      }
      leftDifference = atDifference;
    }
    double en = n * m / (n + m);
    double spread = b.largestSpreadShare() + c.largestSpreadShare();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(KS_STATISTIC, ks);
    metrics.put(KS_PVALUE, kolmogorovSurvival(Math.sqrt(en) * ks));
    metrics.put(KS_CRITICAL_VALUE,
        Math.sqrt(-0.5 * Math.log(KS_ALPHA / 2)) * Math.sqrt((n + m) / (n * m)) + spread);
    metrics.put(WASSERSTEIN_DISTANCE, wasserstein);
    metrics.put(WASSERSTEIN_NORMED, wasserstein / Math.max(baselineStddev, MIN_STDDEV));
    double[] edges = coarseEdges(b);
    putShareDistances(metrics, coarseShares(b, edges), coarseShares(c, edges));
    return Collections.unmodifiableMap(metrics);
  }

  /**
   * The metrics of a categorical column (see the class description): {@code
   * chi_squared_statistic}, {@code chi_squared_pvalue}, {@code js_distance}, {@code
   * population_stability_index}, {@code tv_distance}, {@code l_infinity_distance}, {@code
   * overlap_score}, {@code unseen_share}; all NaN when either side has no value.
   *
   * @throws IllegalArgumentException if a side is null
   */
  public static Map<String, Double> categorical(CategoryCounts baseline, CategoryCounts current) {
    requireSides(baseline, current);
    double n = baseline.total();
    double m = current.total();
    if (n == 0 || m == 0) {
      return nanFor(CATEGORICAL_METRICS);
    }
    // the categories seen on either side, the baseline's first
    Map<String, long[]> union = new LinkedHashMap<>();
    baseline.counts().forEach((category, count) -> {
      if (count > 0) {
        union.computeIfAbsent(category, k -> new long[2])[0] = count;
      }
    });
    current.counts().forEach((category, count) -> {
      if (count > 0) {
        union.computeIfAbsent(category, k -> new long[2])[1] = count;
      }
    });
    double[] p = new double[union.size()];
    double[] q = new double[union.size()];
    double chiSquared = 0;
    long unseen = 0;
    int i = 0;
    for (long[] counts : union.values()) {
      p[i] = counts[0] / n;
      q[i] = counts[1] / m;
      double expected = p[i] * m;
      chiSquared += expected == 0 ? Double.POSITIVE_INFINITY
          : (counts[1] - expected) * (counts[1] - expected) / expected;
      unseen += counts[0] == 0 ? counts[1] : 0;
      i++;
    }
    int degreesOfFreedom = union.size() - 1;
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(CHI_SQUARED_STATISTIC, chiSquared);
    metrics.put(CHI_SQUARED_PVALUE, degreesOfFreedom == 0 ? 1.0
        : chiSquared == Double.POSITIVE_INFINITY ? 0.0
        : Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, chiSquared / 2));
    putShareDistances(metrics, p, q);
    metrics.put(UNSEEN_SHARE, unseen / m);
    return Collections.unmodifiableMap(metrics);
  }

  /**
   * The Kolmogorov distribution's survival function {@code Q_KS(lambda) = 2 sum_{k>=1}
   * (-1)^(k-1) exp(-2 k^2 lambda^2)}, clipped to [0, 1]. Below lambda = 1.18 that series converges
   * slowly, and its equivalent {@code 1 - sqrt(2 pi) / lambda * sum_{k>=1} exp(-(2k-1)^2 pi^2 /
   * (8 lambda^2))} is summed instead.
   */
  static double kolmogorovSurvival(double lambda) {
    if (!(lambda > 0)) {
      return 1.0;
    }
    double sum = 0;
    if (lambda < 1.18) {
      double scale = -Math.PI * Math.PI / (8 * lambda * lambda);
      for (int k = 1; k <= 100; k++) {
        double term = Math.exp(scale * (2 * k - 1) * (2 * k - 1));
        sum += term;
        if (term <= 1e-17 * sum) {
          break;
        }
      }
      return clip(1 - Math.sqrt(2 * Math.PI) / lambda * sum);
    }
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * lambda * lambda);
      sum += (k % 2 == 1 ? term : -term);
      if (term <= 1e-17 * sum) {
        break;
      }
    }
    return clip(2 * sum);
  }

  private static double clip(double probability) {
    return Math.max(0.0, Math.min(1.0, probability));
  }

  private static void requireSides(Object baseline, Object current) {
    if (baseline == null || current == null) {
      throw new IllegalArgumentException("baseline and current must not be null");
    }
  }

  private static Map<String, Double> nanFor(List<String> metrics) {
    Map<String, Double> nan = new LinkedHashMap<>();
    metrics.forEach(metric -> nan.put(metric, Double.NaN));
    return Collections.unmodifiableMap(nan);
  }

  /** Every interval bound of both sides, increasing, each once. */
  private static double[] bounds(PiecewiseCdf b, PiecewiseCdf c) {
    double[] all = new double[2 * (b.lower().length + c.lower().length)];
    int k = 0;
    for (PiecewiseCdf side : List.of(b, c)) {
      for (int i = 0; i < side.lower().length; i++) {
        all[k++] = side.lower()[i];
        all[k++] = side.upper()[i];
      }
    }
    Arrays.sort(all);
    return distinct(all);
  }

  private static double[] distinct(double[] sorted) {
    int kept = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (kept == 0 || sorted[i] != sorted[kept - 1]) {
        sorted[kept++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, kept);
  }

  /**
   * The integral of {@code |d|} over {@code width}, {@code d} linear from {@code from} to {@code
   * to}.
   */
  private static double areaBetween(double from, double to, double width) {
    double a = Math.abs(from);
    double b = Math.abs(to);
    if (from * to >= 0) {
      return (a + b) / 2 * width;
    }
    // crossing zero at a / (a + b) of the way: two triangles
    return (a * a + b * b) / (2 * (a + b)) * width;
  }

  /** The baseline's coarse bin edges: its smallest value, its deciles, its largest value. */
  private static double[] coarseEdges(PiecewiseCdf baseline) {
    double[] edges = new double[COARSE_BINS + 1];
    edges[0] = baseline.min();
    for (int k = 1; k < COARSE_BINS; k++) {
      edges[k] = baseline.quantile((double) k / COARSE_BINS);
    }
    edges[COARSE_BINS] = baseline.max();
    return distinct(edges);
  }

  /**
   * A side's shares in the bins: below the first edge, then each edge as a point and the open
   * range to the next, and above the last edge. A point bin holds the atoms (point masses) at its
   * edge, so a column of few distinct values keeps them apart; it is empty for spread values, and
   * a bin empty on both sides changes no distance.
   */
  private static double[] coarseShares(PiecewiseCdf side, double[] edges) {
    double[] shares = new double[2 * edges.length + 1];
    shares[0] = side.below(edges[0]);
    for (int k = 0; k < edges.length; k++) {
      double at = side.at(edges[k]);
      shares[2 * k + 1] = Math.max(0.0, at - side.below(edges[k]));
      double end = k + 1 < edges.length ? side.below(edges[k + 1]) : 1.0;
      shares[2 * k + 2] = Math.max(0.0, end - at);
    }
    return shares;
  }

  /** The distances between the baseline's shares {@code p} and the current's {@code q}. */
  private static void putShareDistances(Map<String, Double> metrics, double[] p, double[] q) {
    double divergence = 0;
    double psi = 0;
    double absolute = 0;
    double largest = 0;
    double product = 0;
    double square = 0;
    for (int i = 0; i < p.length; i++) {
      double mean = (p[i] + q[i]) / 2;
      divergence += relativeEntropy(p[i], mean) + relativeEntropy(q[i], mean);
      double pFloored = p[i] == 0 ? PSI_FLOOR : p[i];
      double qFloored = q[i] == 0 ? PSI_FLOOR : q[i];
      psi += (pFloored - qFloored) * Math.log(pFloored / qFloored);
      double difference = Math.abs(p[i] - q[i]);
      absolute += difference;
      largest = Math.max(largest, difference);
      product += p[i] * q[i];
      square += p[i] * p[i];
    }
    metrics.put(JS_DISTANCE, Math.sqrt(Math.max(0.0, divergence / 2)));
    metrics.put(POPULATION_STABILITY_INDEX, psi);
    metrics.put(TV_DISTANCE, absolute / 2);
    metrics.put(L_INFINITY_DISTANCE, largest);
    metrics.put(OVERLAP_SCORE, square == 0 ? 0.0 : Math.min(1.0, product / square));
  }

  /** One term {@code x ln(x / y)} of a Kullback-Leibler divergence; 0 for {@code x = 0}. */
  private static double relativeEntropy(double x, double y) {
    return x == 0 ? 0.0 : x * Math.log(x / y);
  }
}
