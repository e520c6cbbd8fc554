package io.github.sparkmlops.internal.health;

import static io.github.sparkmlops.internal.health.DriftMetrics.CHI_SQUARED_PVALUE;
import static io.github.sparkmlops.internal.health.DriftMetrics.CHI_SQUARED_STATISTIC;
import static io.github.sparkmlops.internal.health.DriftMetrics.JS_DISTANCE;
import static io.github.sparkmlops.internal.health.DriftMetrics.KS_CRITICAL_VALUE;
import static io.github.sparkmlops.internal.health.DriftMetrics.KS_PVALUE;
import static io.github.sparkmlops.internal.health.DriftMetrics.KS_STATISTIC;
import static io.github.sparkmlops.internal.health.DriftMetrics.L_INFINITY_DISTANCE;
import static io.github.sparkmlops.internal.health.DriftMetrics.OVERLAP_SCORE;
import static io.github.sparkmlops.internal.health.DriftMetrics.POPULATION_STABILITY_INDEX;
import static io.github.sparkmlops.internal.health.DriftMetrics.TV_DISTANCE;
import static io.github.sparkmlops.internal.health.DriftMetrics.UNSEEN_SHARE;
import static io.github.sparkmlops.internal.health.DriftMetrics.WASSERSTEIN_DISTANCE;
import static io.github.sparkmlops.internal.health.DriftMetrics.WASSERSTEIN_NORMED;
import static io.github.sparkmlops.internal.health.ExactStatistics.exactKs;
import static io.github.sparkmlops.internal.health.ExactStatistics.gaussian;
import static io.github.sparkmlops.internal.health.ExactStatistics.largestSpreadShare;
import static io.github.sparkmlops.internal.health.ExactStatistics.populationStddev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DriftMetrics against computations written out here: by hand on small data, with the formulas,
 * with exact statistics of the raw values a sketch saw, and with scipy's values where noted.
 * Tolerances of 1e-12 are rounding in sums of a few dozen terms.
 */
class DriftMetricsTest {

  private static final double ROUNDING = 1e-12;
  private static final double LN2 = Math.log(2);

  // ---------------------------------------------------------------- identical and disjoint

  @Test
  void identicalDistributionsAreAtDistanceZeroAndOverlapOne() {
    NumericCounts sample = sketched(gaussian(1, 10_000, 0.0));
    // the same shares from twice the values
    long[] doubled = Arrays.stream(sample.counts()).map(c -> 2 * c).toArray();
    NumericCounts twice = new NumericCounts(sample.lower(), sample.upper(), doubled, 0);
    for (NumericCounts current : List.of(sample, twice)) {
      Map<String, Double> m = DriftMetrics.numeric(sample, current, 1.0);
      for (String distance : List.of(KS_STATISTIC, WASSERSTEIN_DISTANCE, WASSERSTEIN_NORMED,
          JS_DISTANCE, POPULATION_STABILITY_INDEX, TV_DISTANCE, L_INFINITY_DISTANCE)) {
        assertEquals(0.0, m.get(distance), ROUNDING, distance);
      }
      assertEquals(1.0, m.get(OVERLAP_SCORE), ROUNDING);
      assertEquals(1.0, m.get(KS_PVALUE), ROUNDING);
    }
    Map<String, Double> c = DriftMetrics.categorical(categories("a", 1, "b", 3, "c", 6),
        categories("a", 2, "b", 6, "c", 12));
    for (String distance : List.of(CHI_SQUARED_STATISTIC, JS_DISTANCE,
        POPULATION_STABILITY_INDEX, TV_DISTANCE, L_INFINITY_DISTANCE, UNSEEN_SHARE)) {
      assertEquals(0.0, c.get(distance), ROUNDING, distance);
    }
    assertEquals(1.0, c.get(OVERLAP_SCORE), ROUNDING);
    assertEquals(1.0, c.get(CHI_SQUARED_PVALUE), ROUNDING);
  }

  @Test
  void disjointDistributionsAreAtTheMaxima() {
    SplittableRandom random = new SplittableRandom(2);
    double[] low = new double[1000];
    double[] high = new double[1000];
    for (int i = 0; i < low.length; i++) {
      low[i] = 1 + random.nextDouble();
      high[i] = 5 + random.nextDouble();
    }
    Map<String, Double> m = DriftMetrics.numeric(sketched(low), sketched(high), 0.3);
    assertEquals(1.0, m.get(KS_STATISTIC));
    assertEquals(1.0, m.get(TV_DISTANCE), ROUNDING);
    assertEquals(1.0, m.get(L_INFINITY_DISTANCE), ROUNDING);
    // m = p/2 where the baseline is, q/2 where the current is: each KL term is ln 2
    assertEquals(Math.sqrt(LN2), m.get(JS_DISTANCE), ROUNDING);
    assertEquals(0.0, m.get(OVERLAP_SCORE));
    assertEquals(0.0, m.get(KS_PVALUE), ROUNDING);
    // W1 is the distance between the means: the sketches' stated error allows 6/256 of it
    double w = mean(high) - mean(low);
    assertEquals(w, m.get(WASSERSTEIN_DISTANCE),
        LogBucketSketch.RELATIVE_ERROR * (mean(low) + mean(high)));

    Map<String, Double> c = DriftMetrics.categorical(categories("a", 10, "b", 5),
        categories("c", 7));
    assertEquals(1.0, c.get(TV_DISTANCE), ROUNDING);
    assertEquals(1.0, c.get(L_INFINITY_DISTANCE), ROUNDING);
    assertEquals(Math.sqrt(LN2), c.get(JS_DISTANCE), ROUNDING);
    assertEquals(0.0, c.get(OVERLAP_SCORE));
    assertEquals(Double.POSITIVE_INFINITY, c.get(CHI_SQUARED_STATISTIC));
    assertEquals(0.0, c.get(CHI_SQUARED_PVALUE));
    assertEquals(1.0, c.get(UNSEEN_SHARE));
  }

  // ---------------------------------------------------------------- categorical

  @Test
  void aCategoricalShiftGivesTheHandComputedDistances() {
    Map<String, Double> m = DriftMetrics.categorical(categories("a", 500, "b", 500),
        categories("a", 800, "b", 200));
    assertEquals(0.3, m.get(TV_DISTANCE), ROUNDING);
    assertEquals(0.3, m.get(L_INFINITY_DISTANCE), ROUNDING);
    double psi = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
    assertEquals(psi, m.get(POPULATION_STABILITY_INDEX), ROUNDING);
    assertEquals(0.4159, Math.round(m.get(POPULATION_STABILITY_INDEX) * 1e4) / 1e4);
    // expected 500 and 500 against observed 800 and 200: 300^2/500 twice, exact in doubles
    assertEquals(360.0, m.get(CHI_SQUARED_STATISTIC));
    // one degree of freedom: the tail is erfc(sqrt(x / 2)), here from its asymptotic series
    assertEquals(erfcAsymptotic(Math.sqrt(180)), m.get(CHI_SQUARED_PVALUE),
        1e-12 * m.get(CHI_SQUARED_PVALUE));
    assertEquals(2.8156843046193504e-80, m.get(CHI_SQUARED_PVALUE), 1e-12 * 2.8e-80); // scipy
    double js = Math.sqrt((0.5 * Math.log(0.5 / 0.65) + 0.5 * Math.log(0.5 / 0.35)
        + 0.8 * Math.log(0.8 / 0.65) + 0.2 * Math.log(0.2 / 0.35)) / 2);
    assertEquals(js, m.get(JS_DISTANCE), ROUNDING);
    // ParallelM's score: (0.5 * 0.8 + 0.5 * 0.2) / (0.5^2 + 0.5^2) = 1, blind to this shift
    assertEquals(1.0, m.get(OVERLAP_SCORE), ROUNDING);
    assertEquals(0.0, m.get(UNSEEN_SHARE));
  }

  @Test
  void chiSquaredPValuesMatchTheClosedForms() {
    // 1 dof, statistic 25/50 + 25/50 = 1: erfc(sqrt(1/2)) = 0.31731050786291115 (scipy chi2.sf)
    Map<String, Double> one = DriftMetrics.categorical(categories("a", 50, "b", 50),
        categories("a", 55, "b", 45));
    assertEquals(1.0, one.get(CHI_SQUARED_STATISTIC), ROUNDING);
    assertEquals(0.31731050786291115, one.get(CHI_SQUARED_PVALUE), ROUNDING);
    // 2 dof, where the tail is exp(-x/2): expected 25, 25, 50 against 30, 20, 50 gives 2
    Map<String, Double> two = DriftMetrics.categorical(categories("a", 100, "b", 100, "c", 200),
        categories("a", 30, "b", 20, "c", 50));
    assertEquals(2.0, two.get(CHI_SQUARED_STATISTIC), ROUNDING);
    assertEquals(Math.exp(-1), two.get(CHI_SQUARED_PVALUE), ROUNDING);
  }

  @Test
  void anUnseenCategoryMakesChiSquaredInfiniteAndCountsItsShare() {
    Map<String, Double> m = DriftMetrics.categorical(categories("a", 50, "b", 50),
        categories("a", 40, "b", 40, "c", 20));
    assertEquals(Double.POSITIVE_INFINITY, m.get(CHI_SQUARED_STATISTIC));
    assertEquals(0.0, m.get(CHI_SQUARED_PVALUE));
    assertEquals(0.2, m.get(UNSEEN_SHARE), ROUNDING);
    assertEquals(0.2, m.get(TV_DISTANCE), ROUNDING); // (0.1 + 0.1 + 0.2) / 2
  }

  @Test
  void psiFloorsEmptySharesAtOneInTenThousand() {
    Map<String, Double> m = DriftMetrics.categorical(categories("a", 50, "b", 50),
        categories("a", 100));
    double psi = (0.5 - 1.0) * Math.log(0.5 / 1.0) + (0.5 - 0.0001) * Math.log(0.5 / 0.0001);
    assertEquals(psi, m.get(POPULATION_STABILITY_INDEX), ROUNDING);
    // a category empty on both sides adds nothing
    Map<String, Double> withEmpty = DriftMetrics.categorical(
        categories("a", 50, "b", 50, "z", 0), categories("a", 100, "z", 0));
    assertEquals(m, withEmpty);
  }

  @Test
  void jensenShannonUsesTheNaturalLogarithm() {
    Map<String, Double> m = DriftMetrics.categorical(categories("x", 20, "y", 30, "z", 50),
        categories("x", 50, "y", 30, "z", 20));
    double[] p = {0.2, 0.3, 0.5};
    double[] q = {0.5, 0.3, 0.2};
    double divergence = 0;
    for (int i = 0; i < 3; i++) {
      double mid = (p[i] + q[i]) / 2;
      divergence += p[i] * Math.log(p[i] / mid) + q[i] * Math.log(q[i] / mid);
    }
    assertEquals(Math.sqrt(divergence / 2), m.get(JS_DISTANCE), ROUNDING);
    // scipy.spatial.distance.jensenshannon([.2, .3, .5], [.5, .3, .2]), base e
    assertEquals(0.25770974832606103, m.get(JS_DISTANCE), ROUNDING);
  }

  // ---------------------------------------------------------------- numeric, by hand

  /**
   * Baseline: 100 values spread evenly over [0, 10]; current: 60 over [0, 2] and 40 over [2, 10].
   * The CDFs are x/10 and 0.3x up to 2, then 0.6 + 0.05(x - 2).
   */
  @Test
  void numericMetricsOfKnownPiecewiseLinearDistributions() {
    double[] lower = new double[10];
    double[] upper = new double[10];
    long[] tens = new long[10];
    for (int i = 0; i < 10; i++) {
      lower[i] = i;
      upper[i] = i + 1;
      tens[i] = 10;
    }
    NumericCounts baseline = new NumericCounts(lower, upper, tens, 0);
    NumericCounts current = new NumericCounts(new double[] {0, 2}, new double[] {2, 10},
        new long[] {60, 40}, 0);
    Map<String, Double> m = DriftMetrics.numeric(baseline, current, 4.0);
    // largest gap at x = 2: 0.6 - 0.2
    assertEquals(0.4, m.get(KS_STATISTIC), ROUNDING);
    // integral of 0.2x over [0, 2] (0.4) and of 0.5 - 0.05x over [2, 10] (1.6)
    assertEquals(2.0, m.get(WASSERSTEIN_DISTANCE), ROUNDING);
    assertEquals(0.5, m.get(WASSERSTEIN_NORMED), ROUNDING);
    assertEquals(kolmogorovSeries(Math.sqrt(50) * 0.4), m.get(KS_PVALUE), ROUNDING);
    // the largest interval shares are 0.1 and 0.6
    double plain = Math.sqrt(-0.5 * Math.log(0.025)) * Math.sqrt(200.0 / 10_000);
    assertEquals(plain + 0.1 + 0.6, m.get(KS_CRITICAL_VALUE), ROUNDING);
    // deciles 1 .. 9: baseline 0.1 per bin, current 0.3, 0.3, then 0.05 in eight bins
    assertEquals(0.4, m.get(TV_DISTANCE), ROUNDING);
    assertEquals(0.2, m.get(L_INFINITY_DISTANCE), ROUNDING);
    double psi = 2 * (0.1 - 0.3) * Math.log(0.1 / 0.3) + 8 * (0.1 - 0.05) * Math.log(0.1 / 0.05);
    assertEquals(psi, m.get(POPULATION_STABILITY_INDEX), ROUNDING);
    double js = Math.sqrt((2 * (0.1 * Math.log(0.1 / 0.2) + 0.3 * Math.log(0.3 / 0.2))
        + 8 * (0.1 * Math.log(0.1 / 0.075) + 0.05 * Math.log(0.05 / 0.075))) / 2);
    assertEquals(js, m.get(JS_DISTANCE), ROUNDING);
    // (2 * 0.03 + 8 * 0.005) / (10 * 0.01) = 1
    assertEquals(1.0, m.get(OVERLAP_SCORE), ROUNDING);
  }

  @Test
  void pointMassesAreExactAndKeepTheirOwnBins() {
    // a 0/1 column: half zeros, half ones, against all ones
    NumericCounts half = new NumericCounts(new double[] {0, 1}, new double[] {0, 1},
        new long[] {5, 5}, 0);
    NumericCounts ones = new NumericCounts(new double[] {1}, new double[] {1}, new long[] {10}, 0);
    Map<String, Double> m = DriftMetrics.numeric(half, ones, 0.5);
    assertEquals(0.5, m.get(KS_STATISTIC), ROUNDING);
    assertEquals(0.5, m.get(WASSERSTEIN_DISTANCE), ROUNDING);
    assertEquals(0.5, m.get(TV_DISTANCE), ROUNDING);
    assertEquals(0.5, m.get(L_INFINITY_DISTANCE), ROUNDING);
    // bins 0 and 1: p = (0.5, 0.5), q = (0, 1), m = (0.25, 0.75)
    double js = Math.sqrt((0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75) + Math.log(1 / 0.75))
        / 2);
    assertEquals(js, m.get(JS_DISTANCE), ROUNDING);
    double psi = (0.5 - 0.0001) * Math.log(0.5 / 0.0001) + (0.5 - 1) * Math.log(0.5);
    assertEquals(psi, m.get(POPULATION_STABILITY_INDEX), ROUNDING);
    // no interval of non-zero width: the critical value is the plain one
    assertEquals(Math.sqrt(-0.5 * Math.log(0.025)) * Math.sqrt(20.0 / 100),
        m.get(KS_CRITICAL_VALUE), ROUNDING);

    // values spread over [0, 1] against all at 1: the gap is 1 just below 1, 0 at it
    NumericCounts spread = new NumericCounts(new double[] {0}, new double[] {1},
        new long[] {10}, 0);
    Map<String, Double> below = DriftMetrics.numeric(spread, ones, 0.3);
    assertEquals(1.0, below.get(KS_STATISTIC), ROUNDING);
    assertEquals(0.5, below.get(WASSERSTEIN_DISTANCE), ROUNDING); // integral of x over [0, 1]
  }

  // ---------------------------------------------------------------- numeric, through sketches

  /**
   * N(0, 1) against N(0.5, 1), 100,000 values each through LogBucketSketches. The sketch's error
   * is checked against the exact statistics of the same values, with the bounds DriftMetrics
   * states; the values' own statistics against the populations' (KS 2 Phi(0.25) - 1 = 0.19741,
   * W1 = 0.5) with sampling error: by the Dvoretzky-Kiefer-Wolfowitz inequality each empirical
   * CDF is within 0.01 of its population's except with probability 2 exp(-2 * 100,000 * 0.01^2) =
   * 4e-9, so the KS statistic is within 0.02; W1 of samples this size strays from 0.5 by about
   * sqrt(2 / 100,000) = 0.0045 (the difference of the means), so 0.02 is over four of those.
   */
  @Test
  void shiftedNormalsThroughSketchesAreWithinTheStatedBounds() {
    double[] baselineValues = gaussian(11, 100_000, 0.0);
    double[] currentValues = gaussian(12, 100_000, 0.5);
    NumericCounts baseline = sketched(baselineValues);
    NumericCounts current = sketched(currentValues);
    double stddev = populationStddev(baselineValues);
    Map<String, Double> m = DriftMetrics.numeric(baseline, current, stddev);

    double[] a = baselineValues.clone();
    double[] b = currentValues.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    double exactKs = exactKs(a, b);
    double spread = largestSpreadShare(baseline) + largestSpreadShare(current);
    // a bucket at [1, 1 + 1/128) holds about phi(0.5)/128 = 0.0028 of N(0.5, 1) and phi(1)/128 =
    // 0.0019 of N(0, 1), no other bucket more
    assertTrue(spread < 0.006, "largest bucket shares " + spread);
    assertEquals(exactKs, m.get(KS_STATISTIC), spread);
    assertEquals(0.19741, exactKs, 0.02);

    double exactW1 = 0;
    for (int i = 0; i < a.length; i++) {
      exactW1 += Math.abs(a[i] - b[i]) / a.length; // W1 of equal-sized samples: sorted pairs
    }
    double w1Bound = LogBucketSketch.RELATIVE_ERROR
        * (meanAbsolute(baselineValues) + meanAbsolute(currentValues));
    assertEquals(exactW1, m.get(WASSERSTEIN_DISTANCE), w1Bound);
    assertEquals(0.5, exactW1, 0.02);
    assertEquals(m.get(WASSERSTEIN_DISTANCE) / stddev, m.get(WASSERSTEIN_NORMED), ROUNDING);
    assertEquals(0.5, m.get(WASSERSTEIN_NORMED), 0.02 + w1Bound + 0.01); // stddev within 0.01

    assertTrue(m.get(KS_PVALUE) < 1e-100, "p " + m.get(KS_PVALUE));
    double plain = Math.sqrt(-0.5 * Math.log(0.025)) * Math.sqrt(2.0 / 100_000);
    assertEquals(plain + spread, m.get(KS_CRITICAL_VALUE), ROUNDING);
    assertTrue(m.get(KS_CRITICAL_VALUE) > plain);
    assertTrue(m.get(KS_STATISTIC) > m.get(KS_CRITICAL_VALUE));
  }

  // ---------------------------------------------------------------- the Kolmogorov distribution

  @Test
  void theKolmogorovSurvivalFunctionMatchesKnownValues() {
    // scipy.stats.kstwobign.sf
    assertEquals(0.26999967167735456, DriftMetrics.kolmogorovSurvival(1.0), ROUNDING);
    assertEquals(0.9639452436648751, DriftMetrics.kolmogorovSurvival(0.5), ROUNDING);
    assertEquals(7.453306344157342e-06, DriftMetrics.kolmogorovSurvival(2.5), ROUNDING);
    assertEquals(1.0, DriftMetrics.kolmogorovSurvival(0.0));
    // both sides of the switch between the two series, against the defining series summed long
    for (double lambda : new double[] {0.6, 1.1, 1.17, 1.19, 1.5}) {
      assertEquals(kolmogorovSeries(lambda), DriftMetrics.kolmogorovSurvival(lambda), ROUNDING,
          "lambda " + lambda);
    }
  }

  // ---------------------------------------------------------------- empty and bad input

  @Test
  void anEmptySideGivesEveryMetricAsNaN() {
    NumericCounts some = sketched(new double[] {1, 2, 3});
    LogBucketSketch infinite = new LogBucketSketch();
    infinite.add(Double.POSITIVE_INFINITY);
    for (NumericCounts empty : List.of(NumericCounts.of(new LogBucketSketch()),
        NumericCounts.of(infinite))) {
      for (Map<String, Double> m : List.of(DriftMetrics.numeric(empty, some, 1.0),
          DriftMetrics.numeric(some, empty, 1.0))) {
        assertEquals(10, m.size());
        m.forEach((metric, value) -> assertTrue(Double.isNaN(value), metric));
      }
    }
    Map<String, Double> c = DriftMetrics.categorical(categories(), categories("a", 1));
    assertEquals(8, c.size());
    c.forEach((metric, value) -> assertTrue(Double.isNaN(value), metric));
  }

  @Test
  void badArgumentsAreRefusedNamingTheRule() {
    NumericCounts some = sketched(new double[] {1, 2, 3});
    Map<String, Runnable> bad = Map.of(
        "baseline and current must not be null", () -> DriftMetrics.numeric(null, some, 1),
        "baselineStddev must not be negative", () -> DriftMetrics.numeric(some, some, -1),
        "must not be null", () -> DriftMetrics.categorical(categories("a", 1), null),
        "not negative", () -> categories("a", -1),
        "categories that are not null", () -> new CategoryCounts(nullCategory()));
    bad.forEach((rule, call) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().contains(rule), e.getMessage() + " should name " + rule);
    });
    assertTrue(Double.isNaN(DriftMetrics.numeric(some, some, Double.NaN).get(WASSERSTEIN_NORMED)));
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Long> nullCategory() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(null, 1L);
    return counts;
  }

  private static CategoryCounts categories(Object... categoryThenCount) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < categoryThenCount.length; i += 2) {
      counts.put((String) categoryThenCount[i], ((Number) categoryThenCount[i + 1]).longValue());
    }
    return new CategoryCounts(counts);
  }

  private static NumericCounts sketched(double[] values) {
    LogBucketSketch sketch = new LogBucketSketch();
    sketch.addAll(values, values.length);
    return NumericCounts.of(sketch);
  }

  /** {@code 2 sum_{k=1..10000} (-1)^(k-1) exp(-2 k^2 lambda^2)}, the definition summed long. */
  private static double kolmogorovSeries(double lambda) {
    double sum = 0;
    for (int k = 1; k <= 10_000; k++) {
      sum += (k % 2 == 1 ? 2 : -2) * Math.exp(-2.0 * k * k * lambda * lambda);
    }
    return sum;
  }

  /**
   * erfc(z) for large z by its asymptotic series {@code exp(-z^2) / (z sqrt(pi)) * sum_k (-1)^k
   * (2k - 1)!! / (2 z^2)^k}; at z^2 = 180 the terms shrink by (2k - 1) / 360, and twelve of them
   * leave a relative error below 1e-20.
   */
  private static double erfcAsymptotic(double z) {
    double term = 1;
    double sum = 1;
    for (int k = 1; k <= 12; k++) {
      term *= -(2.0 * k - 1) / (2 * z * z);
      sum += term;
    }
    return Math.exp(-z * z) / (z * Math.sqrt(Math.PI)) * sum;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }

  private static double meanAbsolute(double[] values) {
    return Arrays.stream(values).map(Math::abs).average().orElseThrow();
  }
}
