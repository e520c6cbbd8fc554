package io.github.sparkmlops.sketch;

import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distribution of a numeric variable, in one of two modes:
 *
 * <ul>
 *   <li><b>fixed edges</b> ({@link #withEdges}): exact counts per bin. Bins are {@code [low, high)};
 *       unless the edges already start at {@code -Infinity} and end at {@code +Infinity}, open-ended
 *       bins are added so that every value is counted ({@code +Infinity} falls in the last bin);
 *   <li><b>automatic</b> ({@link #automatic}): a DataSketches KLL sketch, so no range is needed up
 *       front. The histogram has equal-width bins {@code [low, high)} between the smallest and
 *       largest finite value, the last one closed so that it holds the largest (plus a bin for
 *       each infinity seen: {@code [-Infinity, min)} and {@code (max, +Infinity]}); its counts are estimates
 *       within the sketch's rank error (about 1.7% of the count for the default k = 200), and
 *       exact while fewer than k values were added.
 * </ul>
 *
 * <p>NaN is counted by {@link #nanCount()} and left out of the histogram. Reports {@code name.count}
 * (values added, NaN included) and the histogram {@code name}.
 */
public final class ContinuousSummary implements Summary<ContinuousSummary> {

  private static final long serialVersionUID = 1L;
  /** DataSketches' default: normalised rank error about 1.65%. */
  public static final int DEFAULT_K = 200;
  public static final int DEFAULT_BINS = 20;

  private final double[] edges;
  private final long[] binCounts;
  private final int bins;
  private final int k;
  private transient KllDoublesSketch sketch;
  private long count;
  private long nanCount;

  private ContinuousSummary(double[] edges, int bins, int k) {
    this.edges = edges;
    this.binCounts = edges == null ? null : new long[edges.length - 1];
    this.bins = bins;
    this.k = k;
    this.sketch = edges == null ? KllDoublesSketch.newHeapInstance(k) : null;
  }

  /**
   * Exact counts over the given edges (strictly increasing, no NaN), with open-ended bins added at
   * either side unless the edges are already infinite there.
   *
   * @throws IllegalArgumentException if the edges are not a valid histogram's edges
   */
  public static ContinuousSummary withEdges(double... edges) {
    if (edges == null || edges.length < 2) {
      throw new IllegalArgumentException("edges must have at least 2 elements");
    }
    Histogram.continuous(edges, new double[edges.length - 1]);
    double[] closed = edges;
    if (closed[0] != Double.NEGATIVE_INFINITY) {
      closed = prepend(Double.NEGATIVE_INFINITY, closed);
    }
    if (closed[closed.length - 1] != Double.POSITIVE_INFINITY) {
      closed = Arrays.copyOf(closed, closed.length + 1);
      closed[closed.length - 1] = Double.POSITIVE_INFINITY;
    }
    return new ContinuousSummary(closed, closed.length - 1, DEFAULT_K);
  }

  /** A KLL-backed summary with {@link #DEFAULT_BINS} bins and k = {@link #DEFAULT_K}. */
  public static ContinuousSummary automatic() {
    return automatic(DEFAULT_BINS, DEFAULT_K);
  }

  /**
   * A KLL-backed summary.
   *
   * @param bins equal-width bins in the reported histogram, 1 to 10,000
   * @param k the KLL accuracy parameter, 8 to 65,535 (memory grows with it; error shrinks as 1/k)
   */
  public static ContinuousSummary automatic(int bins, int k) {
    if (bins < 1 || bins > 10_000) {
      throw new IllegalArgumentException("bins must be between 1 and 10000, got " + bins);
    }
    if (k < 8 || k > 65_535) {
      throw new IllegalArgumentException("k must be between 8 and 65535, got " + k);
    }
    return new ContinuousSummary(null, bins, k);
  }

  /**
   * A summary read from a serialized DataSketches KLL doubles sketch, such as Spark's {@code
   * kll_sketch_agg_double} returns.
   */
  public static ContinuousSummary fromKllBytes(byte[] kll, int bins, long nanCount) {
    ContinuousSummary s = automatic(bins, DEFAULT_K);
    s.sketch = KllDoublesSketch.heapify(Memory.wrap(kll));
    s.count = s.sketch.getN() + nanCount;
    s.nanCount = nanCount;
    return s;
  }

  /** Adds one value; NaN is counted apart. */
  public void add(double value) {
    count++;
    if (Double.isNaN(value)) {
      nanCount++;
    } else if (sketch != null) {
      sketch.update(value);
    } else {
      binCounts[binOf(value)]++;
    }
  }

  private int binOf(double value) {
    int i = Arrays.binarySearch(edges, value);
    int bin = i >= 0 ? i : -i - 2;
    return Math.min(bin, binCounts.length - 1);
  }

  /** Values added, NaN included. */
  public long count() {
    return count;
  }

  /** NaN values added. */
  public long nanCount() {
    return nanCount;
  }

  /**
   * The estimated value at normalised rank {@code rank} (0 to 1), or NaN if no non-NaN value was
   * added. Exact ranks need fixed edges' raw data, so this is only for the automatic mode.
   *
   * @throws IllegalStateException in fixed-edges mode
   */
  public double quantile(double rank) {
    if (sketch == null) {
      throw new IllegalStateException("quantiles need the automatic (sketch) mode");
    }
    return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(rank);
  }

  /** The smallest non-NaN value added (automatic mode), or NaN. */
  public double min() {
    return sketch == null || sketch.isEmpty() ? Double.NaN : sketch.getMinItem();
  }

  /** The largest non-NaN value added (automatic mode), or NaN. */
  public double max() {
    return sketch == null || sketch.isEmpty() ? Double.NaN : sketch.getMaxItem();
  }

  /** The histogram, or null when no non-NaN value was added. */
  public Histogram histogram() {
    if (count == nanCount) {
      return null;
    }
    if (sketch == null) {
      double[] counts = new double[binCounts.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = binCounts[i];
      }
      return Histogram.continuous(edges, counts);
    }
    return sketchHistogram();
  }

  private Histogram sketchHistogram() {
    double min = sketch.getMinItem();
    double max = sketch.getMaxItem();
    boolean lowTail = min == Double.NEGATIVE_INFINITY;
    boolean highTail = max == Double.POSITIVE_INFINITY;
    double lo = lowTail ? finiteQuantile(true) : min;
    double hi = highTail ? finiteQuantile(false) : max;
    List<Double> e = new ArrayList<>();
    if (lowTail) {
      e.add(Double.NEGATIVE_INFINITY);
    }
    if (Double.isNaN(lo) || Double.isInfinite(lo)) {
      // only infinities were seen: the tails are the whole histogram
      lo = 0.0;
      hi = 0.0;
    }
    if (hi > lo) {
      double width = (hi - lo) / bins;
      for (int i = 0; i < bins; i++) {
        e.add(lo + i * width);
      }
      e.add(hi);
    } else {
      e.add(lo);
      e.add(Math.nextUp(lo));
    }
    if (highTail) {
      e.add(Double.POSITIVE_INFINITY);
    }
    double[] edgesOut = e.stream().mapToDouble(Double::doubleValue).toArray();
    double[] splits = Arrays.copyOfRange(edgesOut, 1, edgesOut.length - 1);
    if (highTail && splits.length > 0) {
      // the largest finite value belongs to the last finite bin, not to the +Infinity bin
      splits[splits.length - 1] = Math.nextUp(splits[splits.length - 1]);
    }
    long n = sketch.getN();
    double[] cdf = splits.length == 0 ? new double[] {1.0}
        : sketch.getCDF(splits, QuantileSearchCriteria.EXCLUSIVE);
    double[] counts = new double[edgesOut.length - 1];
    long previous = 0;
    for (int i = 0; i < counts.length; i++) {
      long upTo = i == counts.length - 1 ? n : Math.round(cdf[i] * n);
      counts[i] = upTo - previous;
      previous = upTo;
    }
    return Histogram.continuous(edgesOut, counts);
  }

  /** The first (or last) finite value the sketch holds, probing ranks inward from the end. */
  private double finiteQuantile(boolean fromLow) {
    for (int step = 0; step <= 1000; step++) {
      double rank = fromLow ? step / 1000.0 : 1.0 - step / 1000.0;
      double q = sketch.getQuantile(rank);
      if (Double.isFinite(q)) {
        return q;
      }
    }
    return Double.NaN;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public void merge(ContinuousSummary other) {
    if (sketch == null) {
      if (!Arrays.equals(edges, other.edges)) {
        throw new IllegalArgumentException("cannot merge histograms with different edges: "
            + Arrays.toString(edges) + " and " + Arrays.toString(other.edges));
      }
      for (int i = 0; i < binCounts.length; i++) {
        binCounts[i] += other.binCounts[i];
      }
    } else {
      if (other.sketch == null) {
        throw new IllegalArgumentException("cannot merge a sketch with a fixed-edges histogram");
      }
      sketch.merge(other.sketch);
    }
    count += other.count;
    nanCount += other.nanCount;
  }

  @Override
  public ContinuousSummary copy() {
    ContinuousSummary c = emptyCopy();
    c.merge(this);
    return c;
  }

  @Override
  public ContinuousSummary emptyCopy() {
    return new ContinuousSummary(edges, bins, k);
  }

  @Override
  public List<NamedStat> stats(String name) {
    List<NamedStat> out = new ArrayList<>(2);
    out.add(new NamedStat(name + ".count", new NumberValue(count)));
    Histogram h = histogram();
    if (h != null) {
      out.add(new NamedStat(name, h));
    }
    return out;
  }

  private static double[] prepend(double first, double[] rest) {
    double[] out = new double[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeObject(sketch == null ? null : sketch.toByteArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] bytes = (byte[]) in.readObject();
    sketch = bytes == null ? null : KllDoublesSketch.heapify(Memory.wrap(bytes));
  }
}
