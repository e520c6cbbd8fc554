package io.github.sparkmlops.internal.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** NumericCounts from sketches against the values sketched, and its checks of bad intervals. */
class NumericCountsTest {

  @Test
  void aSketchBecomesIncreasingIntervalsFromItsMinToItsMax() {
    LogBucketSketch sketch = new LogBucketSketch();
    for (double v : new double[] {-3, -1, -0.0, 0, 2, 5, Double.NaN}) {
      sketch.add(v);
    }
    NumericCounts counts = NumericCounts.of(sketch);
    assertEquals(6, counts.total());
    assertEquals(0, counts.infinities());
    assertArrayEquals(new long[] {1, 1, 2, 1, 1}, counts.counts());
    assertEquals(-3.0, counts.lower()[0]);
    assertEquals(5.0, counts.upper()[4]);
    // the zeros, -0.0 among them, are the point mass [0, 0]
    assertEquals(0.0, counts.lower()[2]);
    assertEquals(0.0, counts.upper()[2]);
    // -1 lies in a bucket (1/128 of its magnitude wide) that does not reach the others
    assertTrue(counts.lower()[1] <= -1 && -1 <= counts.upper()[1], Arrays.toString(counts.lower()));
    assertTrue(counts.upper()[1] - counts.lower()[1] <= 1.0 / 128);

    // Infinities are counted apart; the sketch's min and max are then infinite, and the outer
    // intervals keep their buckets' bounds.
    sketch.add(Double.POSITIVE_INFINITY);
    sketch.add(Double.NEGATIVE_INFINITY);
    NumericCounts withInfinities = NumericCounts.of(sketch);
    assertEquals(6, withInfinities.total());
    assertEquals(2, withInfinities.infinities());
    double first = withInfinities.lower()[0];
    double last = withInfinities.upper()[4];
    assertTrue(first <= -3 && first >= -3 * (1 + 1.0 / 128), "first bound " + first);
    assertTrue(last >= 5 && last <= 5 * (1 + 1.0 / 128), "last bound " + last);
  }

  @Test
  void everyValueLiesInTheIntervalThatCountsIt() {
    SplittableRandom random = new SplittableRandom(3);
    double[] values = new double[50_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (i % 4) {
        case 0 -> random.nextGaussian() * 100;
        case 1 -> Math.exp(random.nextGaussian() * 3);
        case 2 -> i % 100 == 2 ? 1e-30 * i : 0.0;
        default -> -random.nextDouble();
      };
    }
    LogBucketSketch sketch = new LogBucketSketch();
    sketch.addAll(values, values.length);
    NumericCounts counts = NumericCounts.of(sketch);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    // Interval i holds the values ranked before[i] .. before[i + 1] - 1: so at least before[i + 1]
    // values are at most its upper bound, and at most before[i] are below its lower bound.
    long before = 0;
    for (int i = 0; i < counts.counts().length; i++) {
      long after = before + counts.counts()[i];
      assertTrue(atMost(sorted, counts.upper()[i]) >= after, "interval " + i);
      assertTrue(below(sorted, counts.lower()[i]) <= before, "interval " + i);
      before = after;
    }
    assertEquals(values.length, before);
    assertEquals(sorted[0], counts.lower()[0]);
    assertEquals(sorted[sorted.length - 1], counts.upper()[counts.upper().length - 1]);
  }

  private static long atMost(double[] sorted, double x) {
    return Arrays.stream(sorted).filter(v -> v <= x).count();
  }

  private static long below(double[] sorted, double x) {
    return Arrays.stream(sorted).filter(v -> v < x).count();
  }

  @Test
  void anEmptySketchHasNoIntervals() {
    NumericCounts counts = NumericCounts.of(new LogBucketSketch());
    assertEquals(0, counts.counts().length);
    assertEquals(0, counts.total());
  }

  @Test
  void badIntervalsAreRefusedNamingTheRule() {
    Map<String, Runnable> bad = Map.of(
        "increase without overlapping", () -> new NumericCounts(new double[] {0, 1},
            new double[] {2, 3}, new long[] {1, 1}, 0),
        "lower[i] <= upper[i]", () -> new NumericCounts(new double[] {2}, new double[] {1},
            new long[] {1}, 0),
        "counts must not be negative", () -> new NumericCounts(new double[] {0},
            new double[] {1}, new long[] {-1}, 0),
        "must be finite", () -> new NumericCounts(new double[] {Double.NaN}, new double[] {1},
            new long[] {1}, 0),
        "one entry per interval", () -> new NumericCounts(new double[] {0}, new double[] {1},
            new long[] {1, 2}, 0),
        "must not be null", () -> new NumericCounts(null, new double[0], new long[0], 0),
        "infinities must not be negative", () -> new NumericCounts(new double[0],
            new double[0], new long[0], -1),
        "sketch must not be null", () -> NumericCounts.of(null));
    bad.forEach((rule, make) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
      assertTrue(e.getMessage().contains(rule), e.getMessage() + " should name " + rule);
    });
  }
}
