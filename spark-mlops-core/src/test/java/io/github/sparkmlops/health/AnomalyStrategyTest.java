package io.github.sparkmlops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Deequ's strategies on small series whose verdicts are worked out here. The expected OnlineNormal
 * bounds come from a two-pass mean and population deviation over the points the strategy keeps,
 * not from the running (Welford) update under test; the two agree to rounding, about 1e-15 of the
 * values (tens here), so bounds are compared within {@link #ROUNDING}.
 */
class AnomalyStrategyTest {

  private static final double ROUNDING = 1e-9;
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /** One point a day from {@link #START}. */
  private static List<Instant> days(int count) {
    return IntStream.range(0, count).mapToObj(i -> START.plus(Duration.ofDays(i))).toList();
  }

  private static List<Anomaly> detect(AnomalyStrategy strategy, double... values) {
    return strategy.detect(days(values.length), values, 0);
  }

  /** 9, 11, 9, 11, ...: mean 10, population deviation 1. */
  private static double[] stable(int count) {
    return IntStream.range(0, count).mapToDouble(i -> i % 2 == 0 ? 9 : 11).toArray();
  }

  private static double[] concat(double[] first, double... rest) {
    return DoubleStream.concat(Arrays.stream(first), Arrays.stream(rest)).toArray();
  }

  /** mean − 3σ and mean + 3σ of the points, σ the population deviation. */
  private static double[] threeSigma(double... points) {
    return sigmas(3, points);
  }

  /** mean ± factor·σ of the points, σ the population deviation, in two passes. */
  private static double[] sigmas(double factor, double... points) {
    double mean = Arrays.stream(points).sum() / points.length;
    double squares = Arrays.stream(points).map(x -> (x - mean) * (x - mean)).sum();
    double deviation = Math.sqrt(squares / points.length);
    return new double[] {mean - factor * deviation, mean + factor * deviation};
  }

  private static void assertFlagged(Anomaly anomaly, int day, double value, double[] bounds) {
    assertEquals(START.plus(Duration.ofDays(day)), anomaly.time());
    assertEquals(value, anomaly.value());
    assertEquals(bounds[0], anomaly.lowerBound(), ROUNDING, "lower bound");
    assertEquals(bounds[1], anomaly.upperBound(), ROUNDING, "upper bound");
  }

  @Test
  void onlineNormalFlagsASpikeAfterAStableStretch() {
    double[] series = concat(stable(20), 30);
    List<Anomaly> found = detect(AnomalyStrategy.onlineNormal(), series);

    // Deequ tests a point against the statistics of its history and itself: 21 points of mean
    // 230/21 = 10.95 and σ = 4.37 accept up to 24.06, so 30 is out; the 9s and 11s never are.
    assertEquals(1, found.size(), found::toString);
    assertFlagged(found.get(0), 20, 30, threeSigma(series));
    // By hand: E[x²] = (10·81 + 10·121 + 900) / 21, σ² = E[x²] − mean².
    double mean = 230.0 / 21;
    double upper = mean + 3 * Math.sqrt(2920.0 / 21 - mean * mean);
    assertEquals(upper, found.get(0).upperBound(), ROUNDING);
  }

  @Test
  void onlineNormalNeverFlagsTheFirstTenPercent() {
    // 200 points: positions 0 to 19 are the first 10 %. A spike of 100 after 15 equal points of
    // 10 lies √15 = 3.87 deviations from the mean of those 16 points (the most any point can), so
    // only the ignored start keeps it from being flagged.
    double[] early = DoubleStream.generate(() -> 10).limit(200).toArray();
    early[15] = 100;
    assertEquals(List.of(), detect(AnomalyStrategy.onlineNormal(), early));

    List<Anomaly> withoutIgnoredStart = detect(AnomalyStrategy.onlineNormal(3, 3, 0), early);
    assertEquals(1, withoutIgnoredStart.size(), withoutIgnoredStart::toString);
    assertFlagged(withoutIgnoredStart.get(0), 15, 100, threeSigma(Arrays.copyOf(early, 16)));

    double[] late = DoubleStream.generate(() -> 10).limit(200).toArray();
    late[20] = 100;
    List<Anomaly> found = detect(AnomalyStrategy.onlineNormal(), late);
    assertEquals(1, found.size(), found::toString);
    assertFlagged(found.get(0), 20, 100, threeSigma(Arrays.copyOf(late, 21)));
  }

  @Test
  void onlineNormalLeavesAFlaggedPointOutOfLaterStatistics() {
    double[] series = concat(stable(20), 100, 10, 30);
    List<Anomaly> found = detect(AnomalyStrategy.onlineNormal(), series);

    assertEquals(2, found.size(), found::toString);
    assertFlagged(found.get(0), 20, 100, threeSigma(concat(stable(20), 100)));
    // Without the spike the 30 is tested against 22 points of mean 10.91 and σ 4.27: out.
    assertFlagged(found.get(1), 22, 30, threeSigma(concat(stable(20), 10, 30)));
    // Had the spike stayed in, σ would be 18.6 and the 30 well inside: the exclusion matters.
    assertTrue(threeSigma(series)[1] > 70);
  }

  @Test
  void onlineNormalBoundsFollowTheGivenFactors() {
    // 13 after the 9s and 11s: 21 points of mean 213/21 = 10.14 and σ = 1.17, so the 13 lies 2.45
    // deviations above the mean: out at 2σ, in at 3σ (the alternating points stay within 1.2σ).
    double[] series = concat(stable(20), 13);
    assertEquals(List.of(), detect(AnomalyStrategy.onlineNormal(), series));

    List<Anomaly> twoSigma = detect(AnomalyStrategy.onlineNormal(2, 2, 0.1), series);
    assertEquals(1, twoSigma.size(), twoSigma::toString);
    assertFlagged(twoSigma.get(0), 20, 13, sigmas(2, series));

    double inf = Double.POSITIVE_INFINITY;
    assertEquals(List.of(), detect(AnomalyStrategy.onlineNormal(2, inf, 0.1), series));
    List<Anomaly> openBelow = detect(AnomalyStrategy.onlineNormal(inf, 2, 0.1), series);
    assertEquals(1, openBelow.size(), openBelow::toString);
    assertFlagged(openBelow.get(0), 20, 13,
        new double[] {Double.NEGATIVE_INFINITY, sigmas(2, series)[1]});
  }

  @Test
  void relativeRateOfChangeFlagsAFiftyPercentJumpAndNotAFivePercentOne() {
    AnomalyStrategy tenPercent = AnomalyStrategy.relativeRateOfChange(0.9, 1.1);

    List<Anomaly> jump = detect(tenPercent, 100, 150);
    assertEquals(1, jump.size(), jump::toString);
    // 0.9 and 1.1 are not exact in binary: 1.1 × 100 = 110.00000000000001.
    assertFlagged(jump.get(0), 1, 150, new double[] {90, 110});

    assertEquals(List.of(), detect(tenPercent, 100, 105, 110, 99.5));
    // The ratio is taken to the previous point even when that one was flagged: 157.5 is +5 % on
    // 150, and a fall back from 150 to 100 is −33 %.
    assertEquals(List.of(jump.get(0)), detect(tenPercent, 100, 150, 157.5));
    List<Anomaly> back = detect(tenPercent, 100, 150, 100);
    assertEquals(2, back.size(), back::toString);
    assertFlagged(back.get(1), 2, 100, new double[] {135, 165});
  }

  @Test
  void relativeRateOfChangeWithOneSideOpenZerosAndNegatives() {
    AnomalyStrategy upOnly =
        AnomalyStrategy.relativeRateOfChange(Double.NEGATIVE_INFINITY, 1.1);
    assertEquals(List.of(), detect(upOnly, 100, 10, 1));
    List<Anomaly> up = detect(upOnly, 100, 150);
    assertFlagged(up.get(0), 1, 150, new double[] {Double.NEGATIVE_INFINITY, 110});

    // After a zero any other value is an infinite rate: flagged on a bounded side only.
    AnomalyStrategy tenPercent = AnomalyStrategy.relativeRateOfChange(0.9, 1.1);
    assertEquals(List.of(), detect(tenPercent, 0, 0));
    assertFlagged(detect(tenPercent, 0, 5).get(0), 1, 5, new double[] {0, 0});
    assertEquals(List.of(), detect(upOnly, 0, -5));
    assertFlagged(detect(upOnly, 0, 5).get(0), 1, 5, new double[] {Double.NEGATIVE_INFINITY, 0});

    // −150 / −100 = 1.5: out; −105 / −100 = 1.05: in. The range in values is mirrored.
    assertFlagged(detect(tenPercent, -100, -150).get(0), 1, -150, new double[] {-110, -90});
    assertEquals(List.of(), detect(tenPercent, -100, -105));
  }

  @Test
  void absoluteFlagsOnlyValuesOutsideItsBounds() {
    AnomalyStrategy unit = AnomalyStrategy.absolute(0, 1);
    double[] series = {0.5, -0.1, 1.0, 1.2, 0.0};
    List<Anomaly> found = detect(unit, series);
    assertEquals(2, found.size(), found::toString);
    assertFlagged(found.get(0), 1, -0.1, new double[] {0, 1});
    assertFlagged(found.get(1), 3, 1.2, new double[] {0, 1});

    List<Anomaly> aboveOnly = detect(AnomalyStrategy.absolute(Double.NEGATIVE_INFINITY, 1), series);
    assertEquals(List.of(found.get(1).value()), aboveOnly.stream().map(Anomaly::value).toList());
  }

  @Test
  void onlyPointsFromFirstCheckedOnAreReportedAndTheirVerdictsDoNotChange() {
    List<Instant> times = days(5);
    double[] series = {0.5, -0.1, 1.0, 1.2, 0.0};
    List<Anomaly> fromTwo = AnomalyStrategy.absolute(0, 1).detect(times, series, 2);
    assertEquals(List.of(1.2), fromTwo.stream().map(Anomaly::value).toList());
    assertEquals(List.of(), AnomalyStrategy.absolute(0, 1).detect(times, series, 5));

    // The spike at 20 is history when checking from 21 on, and still stays out of the statistics
    // the 30 is tested against, so the 30 gets the same verdict and bounds as in a full run.
    double[] spikes = concat(stable(20), 100, 10, 30);
    AnomalyStrategy normal = AnomalyStrategy.onlineNormal();
    List<Anomaly> all = normal.detect(days(spikes.length), spikes, 0);
    assertEquals(all.subList(1, 2), normal.detect(days(spikes.length), spikes, 21));
    assertEquals(all, normal.detect(days(spikes.length), spikes, 20));

    // A rate of change is taken to the point before firstChecked.
    AnomalyStrategy tenPercent = AnomalyStrategy.relativeRateOfChange(0.9, 1.1);
    List<Anomaly> jump = tenPercent.detect(days(3), new double[] {100, 100, 150}, 2);
    assertFlagged(jump.get(0), 2, 150, new double[] {90, 110});
  }

  @Test
  void nanPointsAreSkippedAsIfTheyWereNotThere() {
    double[] spikes = concat(stable(20), 100, 10, 30);
    List<Instant> times = new ArrayList<>(days(spikes.length + 3));
    double[] withNaNs = new double[spikes.length + 3];
    Arrays.fill(withNaNs, Double.NaN);
    // NaN at the start, amid the history and right after the spike; the other points keep their
    // own times, so both runs must report identical anomalies.
    List<Instant> presentTimes = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < withNaNs.length; i++) {
      if (i != 0 && i != 7 && i != 22) {
        withNaNs[i] = spikes[next++];
        presentTimes.add(times.get(i));
      }
    }
    for (AnomalyStrategy strategy : List.of(AnomalyStrategy.onlineNormal(),
        AnomalyStrategy.relativeRateOfChange(0.9, 1.1), AnomalyStrategy.absolute(0, 50))) {
      List<Anomaly> expected = strategy.detect(presentTimes, spikes, 0);
      assertNotEquals(List.of(), expected, strategy::toString);
      assertEquals(expected, strategy.detect(times, withNaNs, 0), strategy::toString);
    }
  }

  @Test
  void infinityIsFlaggedButNeverBecomesHistory() {
    double inf = Double.POSITIVE_INFINITY;
    double[] series = concat(stable(20), inf, 30);
    List<Anomaly> normal = detect(AnomalyStrategy.onlineNormal(), series);
    assertEquals(2, normal.size(), normal::toString);
    // Infinity cannot join its own statistics: it is judged against the 20 points before it.
    assertFlagged(normal.get(0), 20, inf, threeSigma(stable(20)));
    assertFlagged(normal.get(1), 21, 30, threeSigma(concat(stable(20), 30)));

    List<Anomaly> rate = detect(AnomalyStrategy.relativeRateOfChange(0.9, 1.1), 100, inf, 105);
    assertEquals(1, rate.size(), rate::toString);
    assertFlagged(rate.get(0), 1, inf, new double[] {90, 110});

    assertEquals(List.of(), detect(AnomalyStrategy.absolute(0, inf), inf));
    assertEquals(1, detect(AnomalyStrategy.absolute(0, 1), inf).size());
  }

  @Test
  void toStringAndDescribeNameTheStrategyAndItsParameters() {
    assertEquals(
        "OnlineNormal(lowerDeviationFactor=3.0, upperDeviationFactor=3.0,"
            + " ignoreStartPercentage=0.1)",
        AnomalyStrategy.onlineNormal().toString());
    assertEquals("RelativeRateOfChange(maxRateDecrease=-Infinity, maxRateIncrease=1.1)",
        AnomalyStrategy.relativeRateOfChange(Double.NEGATIVE_INFINITY, 1.1).toString());
    assertEquals(AnomalyStrategy.onlineNormal(), AnomalyStrategy.onlineNormal(3, 3, 0.1));
    assertNotEquals(AnomalyStrategy.onlineNormal(), AnomalyStrategy.onlineNormal(3, 2, 0.1));

    Anomaly low = detect(AnomalyStrategy.absolute(0.8, 1), 0.9, 0.5).get(0);
    assertEquals("Absolute(lower=0.8, upper=1.0)", low.strategy());
    assertEquals("accuracy = 0.5 at 2024-01-02T00:00:00Z is below the accepted range [0.8, 1.0]"
        + " of Absolute(lower=0.8, upper=1.0)", low.describe("accuracy"));
    Anomaly high = detect(AnomalyStrategy.absolute(Double.NEGATIVE_INFINITY, 1), 2).get(0);
    assertEquals("accuracy = 2.0 at 2024-01-01T00:00:00Z is above the accepted range [-Infinity,"
        + " 1.0] of Absolute(lower=-Infinity, upper=1.0)", high.describe("accuracy"));
    rejects("statName must not be empty", () -> high.describe(""));
  }

  @Test
  void badInputIsRejectedNamingTheArgument() {
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    rejects("lowerDeviationFactor must be at least 0, got NaN",
        () -> AnomalyStrategy.onlineNormal(nan, 3, 0.1));
    rejects("upperDeviationFactor must be at least 0, got -1.0",
        () -> AnomalyStrategy.onlineNormal(3, -1, 0.1));
    rejects("lowerDeviationFactor and upperDeviationFactor must not both be infinite",
        () -> AnomalyStrategy.onlineNormal(inf, inf, 0.1));
    rejects("ignoreStartPercentage must be between 0 and 1, got 1.5",
        () -> AnomalyStrategy.onlineNormal(3, 3, 1.5));
    rejects("ignoreStartPercentage must be between 0 and 1, got NaN",
        () -> AnomalyStrategy.onlineNormal(3, 3, nan));

    rejects("maxRateDecrease must be a number or -Infinity (no lower bound), got NaN",
        () -> AnomalyStrategy.relativeRateOfChange(nan, 1.1));
    rejects("maxRateIncrease must be a number or Infinity (no upper bound), got NaN",
        () -> AnomalyStrategy.relativeRateOfChange(0.9, nan));
    rejects("maxRateDecrease must be at most maxRateIncrease, got 1.2 > 1.1",
        () -> AnomalyStrategy.relativeRateOfChange(1.2, 1.1));
    rejects("maxRateDecrease and maxRateIncrease must not both be unbounded",
        () -> AnomalyStrategy.relativeRateOfChange(-inf, inf));
    rejects("lower must be at most upper, got 2.0 > 1.0", () -> AnomalyStrategy.absolute(2, 1));
    rejects("lower must be a number or -Infinity (no lower bound), got Infinity",
        () -> AnomalyStrategy.absolute(inf, inf));
    rejects("upper must be a number or Infinity (no upper bound), got -Infinity",
        () -> AnomalyStrategy.absolute(-inf, -inf));

    AnomalyStrategy any = AnomalyStrategy.absolute(0, 1);
    rejects("times must not be null", () -> any.detect(null, new double[0], 0));
    rejects("values must not be null", () -> any.detect(List.of(), null, 0));
    rejects("times and values must have the same length, got 2 times and 3 values",
        () -> any.detect(days(2), new double[3], 0));
    List<Instant> withNull = new ArrayList<>(days(2));
    withNull.set(1, null);
    rejects("times must not contain null (index 1)", () -> any.detect(withNull, new double[2], 0));
    List<Instant> backwards = new ArrayList<>(days(2));
    backwards.add(START);
    rejects("times must be in ascending order, but times[2] = 2024-01-01T00:00:00Z is before"
        + " times[1] = 2024-01-02T00:00:00Z", () -> any.detect(backwards, new double[3], 0));
    rejects("firstChecked must be between 0 and values.length (2), got 3",
        () -> any.detect(days(2), new double[2], 3));
    rejects("firstChecked must be between 0 and values.length (2), got -1",
        () -> any.detect(days(2), new double[2], -1));
  }

  private static void rejects(String expectedFragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expectedFragment),
        () -> "message '" + e.getMessage() + "' should mention '" + expectedFragment + "'");
  }
}
