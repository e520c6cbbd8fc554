package io.github.sparkmlops.internal.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.value.Histogram;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LogBucketSketch against exact quantiles and histograms of the same data. */
class LogBucketSketchTest {

  /** Normal, log-normal and negative values, zeros, and a few tiny ones: 100,000 in all. */
  private static double[] data() {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (i % 5) {
        case 0 -> random.nextGaussian() * 100;
        case 1 -> Math.exp(random.nextGaussian() * 3);
        case 2 -> -random.nextDouble() * 1e6;
        case 3 -> i % 1000 == 3 ? 1e-30 * i : 0.0;
        default -> random.nextDouble();
      };
    }
    return values;
  }

  @Test
  void quantilesAreWithinTheRelativeErrorOfTheExactOnes() {
    double[] values = data();
    LogBucketSketch sketch = new LogBucketSketch();
    for (double v : values) {
      sketch.add(v);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double rank = 0; rank <= 1.0; rank += 0.01) {
      double exact = sorted[(int) Math.floor(rank * (sorted.length - 1))];
      double estimate = sketch.quantile(rank);
      assertTrue(Math.abs(estimate - exact) <= Math.abs(exact) * LogBucketSketch.RELATIVE_ERROR,
          "rank " + rank + ": " + estimate + " vs exact " + exact);
    }
    assertEquals(sorted[0], sketch.min());
    assertEquals(sorted[sorted.length - 1], sketch.max());
    assertEquals(values.length, sketch.count());
  }

  @Test
  void mergingInAnyOrderGivesTheSameSketch() {
    double[] values = data();
    LogBucketSketch whole = new LogBucketSketch();
    LogBucketSketch[] parts = new LogBucketSketch[7];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new LogBucketSketch();
    }
    for (int i = 0; i < values.length; i++) {
      whole.add(values[i]);
      // skewed: part 0 gets half of everything
      parts[i % 2 == 0 ? 0 : 1 + i % 6].add(values[i]);
    }
    LogBucketSketch forward = new LogBucketSketch();
    for (LogBucketSketch p : parts) {
      forward.merge(p);
    }
    LogBucketSketch backward = new LogBucketSketch();
    for (int p = parts.length - 1; p >= 0; p--) {
      backward.merge(parts[p]);
    }
    for (double rank = 0; rank <= 1.0; rank += 0.05) {
      assertEquals(whole.quantile(rank), forward.quantile(rank));
      assertEquals(whole.quantile(rank), backward.quantile(rank));
    }
    assertEquals(whole.histogram(10), forward.histogram(10));
    assertEquals(whole.histogram(10), backward.histogram(10));
  }

  @Test
  void theHistogramCountsEveryValueInTheBinOfItsBucket() {
    LogBucketSketch sketch = new LogBucketSketch();
    for (int i = 0; i < 1_000; i++) {
      sketch.add(i);
    }
    Histogram h = sketch.histogram(4);
    assertArrayEquals(new double[] {0, 249.75, 499.5, 749.25, 999}, h.edges());
    double[] counts = h.counts();
    assertEquals(1_000, Arrays.stream(counts).sum());
    for (double c : counts) {
      // a value within 0.4% of an edge may land in the neighbouring bin
      assertEquals(250, c, 3, Arrays.toString(counts));
    }
  }

  @Test
  void infinitiesGetOpenEndedBinsAndNanIsIgnored() {
    LogBucketSketch sketch = new LogBucketSketch();
    sketch.add(Double.NEGATIVE_INFINITY);
    sketch.add(Double.NaN);
    sketch.add(1);
    sketch.add(2);
    sketch.add(Double.POSITIVE_INFINITY);
    sketch.add(Double.POSITIVE_INFINITY);
    assertEquals(5, sketch.count());
    assertEquals(Double.NEGATIVE_INFINITY, sketch.quantile(0));
    assertEquals(Double.POSITIVE_INFINITY, sketch.quantile(1));
    Histogram h = sketch.histogram(2);
    assertEquals(Double.NEGATIVE_INFINITY, h.edges()[0]);
    assertEquals(Double.POSITIVE_INFINITY, h.edges()[h.edges().length - 1]);
    assertArrayEquals(new double[] {1, 1, 1, 2}, h.counts());
    assertNull(new LogBucketSketch().histogram(3), "no values, no histogram");
    assertTrue(Double.isNaN(new LogBucketSketch().quantile(0.5)));
    assertThrows(IllegalArgumentException.class, () -> sketch.quantile(1.5));
  }

  @Test
  void memoryIsBoundedAndTheLargestValuesKeepTheirAccuracy() {
    LogBucketSketch sketch = new LogBucketSketch();
    for (int e = -300; e <= 300; e++) {
      sketch.add(Math.pow(10, e));
    }
    // each count here is 1, one byte as a varint; unbounded, the 600 decades would take 256k
    assertTrue(sketch.toBytes().length < LogBucketSketch.MAX_BUCKETS + 1_000,
        "at most MAX_BUCKETS counts per sign");
    assertEquals(1e300, sketch.quantile(1), 1e300 * LogBucketSketch.RELATIVE_ERROR);
    // the 256 powers of two below the largest value keep full accuracy: about 1e223 and up
    assertEquals(1e230, sketch.quantile(530.5 / 600), 1e230 * LogBucketSketch.RELATIVE_ERROR);
    assertEquals(601, sketch.count(), "folded values are still counted");
  }

  @Test
  void addAllCountsExactlyAsAddDoesWhateverTheRunLength() {
    double[] values = data();
    // specials, both signs of zero, subnormals, and a range wide enough to fold mid-run
    double[] edge = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1e300};
    for (int i = 0; i < edge.length; i++) {
      values[i * 9_973] = edge[i];
    }
    LogBucketSketch one = new LogBucketSketch();
    for (double v : values) {
      one.add(v);
    }
    for (int run : new int[] {1, 7, 1_024, values.length}) {
      LogBucketSketch all = new LogBucketSketch();
      for (int from = 0; from < values.length; from += run) {
        int n = Math.min(run, values.length - from);
        all.addAll(Arrays.copyOfRange(values, from, from + n), n);
      }
      String what = "runs of " + run;
      assertEquals(one.count(), all.count(), what);
      assertEquals(one.min(), all.min(), what);
      assertEquals(one.max(), all.max(), what);
      assertEquals(one.histogram(50), all.histogram(50), what);
      for (double rank = 0; rank <= 1.0; rank += 0.01) {
        assertEquals(one.quantile(rank), all.quantile(rank), what + ", rank " + rank);
      }
    }
  }

  @Test
  void aRangeWiderThanMaxValueStillGetsFiniteOrderedEdges() {
    LogBucketSketch sketch = new LogBucketSketch();
    for (double v : new double[] {-Double.MAX_VALUE, -Double.MAX_VALUE / 4, 0,
        Double.MAX_VALUE / 4, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
      sketch.add(v);
    }
    Histogram h = sketch.histogram(4);
    assertArrayEquals(new double[] {-Double.MAX_VALUE, -Double.MAX_VALUE / 2, 0,
        Double.MAX_VALUE / 2, Double.MAX_VALUE, Double.POSITIVE_INFINITY}, h.edges(),
        Double.MAX_VALUE * 1e-15);
    assertArrayEquals(new double[] {1, 1, 2, 1, 1}, h.counts());
  }

  @Test
  void subnormalsShareBucketsSoTheirErrorIsAbsolute() {
    LogBucketSketch sketch = new LogBucketSketch();
    sketch.add(Double.MIN_VALUE * 3);
    sketch.add(Double.MIN_VALUE * 5);
    for (double rank : new double[] {0, 0.5, 1}) {
      double q = sketch.quantile(rank);
      assertTrue(q >= Double.MIN_VALUE * 3 && q <= Double.MIN_VALUE * 5,
          "one bucket, clamped to the exact min and max: " + q);
    }
  }

  @Test
  void bytesKeepEveryCountAndTheBounds() {
    LogBucketSketch sketch = new LogBucketSketch();
    for (double v : data()) {
      sketch.add(v);
    }
    sketch.add(Double.NEGATIVE_INFINITY);
    LogBucketSketch copy = LogBucketSketch.fromBytes(sketch.toBytes());
    assertEquals(sketch.count(), copy.count());
    assertEquals(sketch.min(), copy.min());
    assertEquals(sketch.max(), copy.max());
    assertEquals(sketch.histogram(20), copy.histogram(20));
    for (double rank = 0; rank <= 1; rank += 0.01) {
      assertEquals(sketch.quantile(rank), copy.quantile(rank), "rank " + rank);
    }
    copy.add(5e9);
    assertEquals(5e9, copy.max(), "a copy keeps growing");
    assertArrayEquals(sketch.toBytes(), LogBucketSketch.fromBytes(sketch.toBytes()).toBytes());
    LogBucketSketch empty = LogBucketSketch.fromBytes(new LogBucketSketch().toBytes());
    assertEquals(0, empty.count());
    assertNull(empty.histogram(20));
  }
}
