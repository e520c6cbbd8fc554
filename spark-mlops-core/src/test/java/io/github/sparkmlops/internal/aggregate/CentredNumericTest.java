package io.github.sparkmlops.internal.aggregate;

import static io.github.sparkmlops.internal.health.ExactStatistics.exactKs;
import static io.github.sparkmlops.internal.health.ExactStatistics.gaussian;
import static io.github.sparkmlops.internal.health.ExactStatistics.largestSpreadShare;
import static io.github.sparkmlops.internal.health.ExactStatistics.populationStddev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.health.DriftMetrics;
import io.github.sparkmlops.internal.health.NumericCounts;
import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.value.Histogram;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Numeric profile states whose sketch holds each value less a centre: what they report is in the
 * column's own values, they travel in ProfileBuffer's format version 2, two centres never merge,
 * and drift between columns far from 0 is as accurate as between columns around it.
 */
class CentredNumericTest {

  private static ProfileBuffer.Numeric numeric(double[] values, double centre) {
    ProfileBuffer.Numeric n = new ProfileBuffer.Numeric(20, 0, centre);
    for (double v : values) {
      n.add(v);
    }
    return n;
  }

  private static double[] sorted(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s;
  }

  /**
   * N(1000, 1) centred on its first value: the extremes exact; each quantile within the sketch's
   * relative error of its distance from the centre (plus the rounding of adding the centre back,
   * an ulp of 1000, 1.1e-13), where the uncentred sketch's buckets are 7.8 wide; the moments are
   * those of the uncentred state, as they do not depend on the centre.
   */
  @Test
  void aCentredProfileReportsTheColumnsOwnValues() {
    double[] values = gaussian(5, 50_000, 1000.0);
    double centre = values[0];
    ColumnProfile p = numeric(values, centre).profile("x", values.length);
    ColumnProfile plain = numeric(values, 0.0).profile("x", values.length);
    double[] s = sorted(values);
    assertEquals(s[0], p.min());
    assertEquals(s[s.length - 1], p.max());
    assertEquals(plain.mean(), p.mean());
    assertEquals(plain.stddev(), p.stddev());
    for (int i = 0; i < ColumnProfile.QUANTILE_RANKS.length; i++) {
      double exact = s[(int) Math.floor(ColumnProfile.QUANTILE_RANKS[i] * (s.length - 1))];
      double bound = LogBucketSketch.RELATIVE_ERROR * Math.abs(exact - centre) + 1e-12;
      assertEquals(exact, p.quantiles().get(i), bound, "quantile " + i);
    }

    // Each bucket's count goes to the bin of its midpoint: a value moves to a neighbouring bin
    // only if it lies within its bucket's width (1/128 of its distance from the centre) of an edge.
    Histogram h = p.histogram();
    double[] edges = h.edges();
    assertEquals(21, edges.length);
    assertEquals(s[0], edges[0], 1e-12);
    assertEquals(s[s.length - 1], edges[20], 1e-12);
    assertEquals(values.length, Arrays.stream(h.counts()).sum());
    for (int bin = 0; bin < 20; bin++) {
      double lo = edges[bin];
      double hi = edges[bin + 1];
      long exact = Arrays.stream(values).filter(v -> v >= lo && (v < hi || hi == edges[20]))
          .count();
      long nearEdges = Arrays.stream(values).filter(v -> nearEdge(v, lo, centre)
          || nearEdge(v, hi, centre)).count();
      assertEquals(exact, h.counts()[bin], nearEdges, "bin " + bin);
    }
  }

  private static boolean nearEdge(double v, double edge, double centre) {
    return Math.abs(v - edge) <= Math.abs(v - centre) / 128 + 1e-12;
  }

  /** Format version 2 carries the centre and the exact extremes; the bytes read back as written. */
  @Test
  void aCentredStateRoundTripsItsBytes() {
    ProfileBuffer.Numeric year = new ProfileBuffer.Numeric(20, 20, 2003);
    for (double v : new double[] {1999, 2003, 2003.5, 0.0, 0.1, Double.NaN,
        Double.NEGATIVE_INFINITY, 2011}) {
      year.add(v);
    }
    ProfileBuffer buffer = new ProfileBuffer(new ProfileBuffer.Column[] {year});
    buffer.countRows(9);
    byte[] bytes = buffer.toBytes();
    assertEquals(ProfileBuffer.FORMAT_VERSION, bytes[3]);
    ProfileBuffer back = ProfileBuffer.fromBytes(bytes);
    ProfileBuffer.Numeric column = (ProfileBuffer.Numeric) back.column(0);
    assertEquals(2003.0, column.centre());
    assertEquals(Double.NEGATIVE_INFINITY, column.min());
    assertEquals(2011.0, column.max());
    ColumnProfile profile = column.profile("year", 9);
    assertEquals(year.profile("year", 9), profile);
    assertEquals(1L, profile.zeros(), "the zero counted as a value, not as the centre's zero");
    assertEquals(1L, profile.nanCount());
    assertArrayEquals(bytes, back.toBytes());
  }

  @Test
  void statesMergeOnlyOnOneCentre() {
    double[] values = gaussian(6, 10_000, 1000.0);
    ProfileBuffer.Numeric first = numeric(Arrays.copyOfRange(values, 0, 4_000), 1000.5);
    first.merge(numeric(Arrays.copyOfRange(values, 4_000, values.length), 1000.5));
    ProfileBuffer.Numeric whole = numeric(values, 1000.5);
    // the same counts in the same buckets; the moments merged by Chan's formula, not summed
    ColumnProfile merged = first.profile("x", values.length);
    ColumnProfile once = whole.profile("x", values.length);
    assertEquals(once.quantiles(), merged.quantiles());
    assertEquals(once.histogram(), merged.histogram());
    assertEquals(once.min(), merged.min());
    assertEquals(once.max(), merged.max());
    assertEquals(once.mean(), merged.mean(), 1e-9);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> whole.merge(numeric(values, 0.0)));
    assertTrue(e.getMessage().contains("1000.5") && e.getMessage().contains("0.0"),
        e.getMessage());
  }

  /**
   * N(1000, 1) against N(1000.1, 1), 100,000 values each, both sketched centred on the baseline's
   * first value (as drift profiles them: the current data takes the baseline's centre). Uncentred,
   * the buckets there are 7.8 wide: normed W1 came out 0.155 (a false alert at 0.1) and the KS
   * critical value above 1. Centred, the bounds DriftMetrics states hold with |x - centre| for
   * |x|: W1 within RELATIVE_ERROR * (mean|x - c|_b + mean|x - c|_c) (about 0.007 here) of the
   * values' own, KS within the two sides' largest bucket shares. The values' own statistics are
   * near the populations' (KS 2 Phi(0.05) - 1 = 0.0399, W1 0.1): by Dvoretzky-Kiefer-Wolfowitz the
   * KS statistic is within 0.02 except with probability 8e-9, and W1 of samples this size strays
   * from 0.1 by about sqrt(2 / 100,000) = 0.0045, so 0.02 is over four of those.
   */
  @Test
  void driftFarFromZeroIsAsAccurateAsAroundIt() {
    double[] baselineValues = gaussian(11, 100_000, 1000.0);
    double[] currentValues = gaussian(12, 100_000, 1000.1);
    double centre = baselineValues[0];
    ProfileBuffer.Numeric baseline = numeric(baselineValues, centre);
    ProfileBuffer.Numeric current = numeric(currentValues, centre);
    NumericCounts b = NumericCounts.of(baseline, baseline.centre());
    NumericCounts c = NumericCounts.of(current, baseline.centre());
    double stddev = populationStddev(baselineValues);
    Map<String, Double> m = DriftMetrics.numeric(b, c, stddev);

    double[] sb = sorted(baselineValues);
    double[] sc = sorted(currentValues);
    double exactW1 = 0;
    for (int i = 0; i < sb.length; i++) {
      exactW1 += Math.abs(sb[i] - sc[i]) / sb.length; // W1 of equal-sized samples: sorted pairs
    }
    double w1Bound = LogBucketSketch.RELATIVE_ERROR
        * (meanDistance(baselineValues, centre) + meanDistance(currentValues, centre));
    assertTrue(w1Bound < 0.01, "W1 bound " + w1Bound);
    assertEquals(exactW1, m.get(DriftMetrics.WASSERSTEIN_DISTANCE), w1Bound);
    assertEquals(0.1, exactW1, 0.02);
    assertEquals(0.1, m.get(DriftMetrics.WASSERSTEIN_NORMED), 0.02 + w1Bound + 0.001);

    double spread = largestSpreadShare(b) + largestSpreadShare(c);
    // a bucket at distance d from the centre is d/128 wide and holds about phi(d)d/128 of the
    // values, at most phi(1)/128 = 0.0019 (more when the centre is off the mean, as here)
    assertTrue(spread < 0.01, "largest bucket shares " + spread);
    double exactKs = exactKs(sb, sc);
    assertEquals(exactKs, m.get(DriftMetrics.KS_STATISTIC), spread);
    assertEquals(0.0399, exactKs, 0.02);
    double plain = Math.sqrt(-0.5 * Math.log(0.025)) * Math.sqrt(2.0 / 100_000);
    assertEquals(plain + spread, m.get(DriftMetrics.KS_CRITICAL_VALUE), 1e-12);
    assertTrue(m.get(DriftMetrics.KS_STATISTIC) > m.get(DriftMetrics.KS_CRITICAL_VALUE),
        "the sketch-aware KS test rejects again");
  }

  /** Two profiles centred each on its own data are compared on the baseline's buckets. */
  @Test
  void aColumnCentredElsewhereIsCountedOnTheBaselinesBuckets() {
    double[] values = gaussian(13, 20_000, 2000.0);
    ProfileBuffer.Numeric baseline = numeric(values, 2000.25);
    ProfileBuffer.Numeric current = numeric(values, values[0]);
    NumericCounts b = NumericCounts.of(baseline, baseline.centre());
    NumericCounts c = NumericCounts.of(current, baseline.centre());
    assertEquals(values.length, c.total());
    Map<String, Double> m = DriftMetrics.numeric(b, c, 1.0);
    // the same values: every value re-counted within one of the current's buckets, both < 0.05
    // wide within 6 of the centres, so the distances are within that of 0
    assertEquals(0.0, m.get(DriftMetrics.WASSERSTEIN_DISTANCE), 0.05);
    assertTrue(m.get(DriftMetrics.KS_STATISTIC) < m.get(DriftMetrics.KS_CRITICAL_VALUE));
  }

  private static double meanDistance(double[] values, double centre) {
    return Arrays.stream(values).map(v -> Math.abs(v - centre)).average().orElseThrow();
  }
}
