package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distribution of a numeric variable, in one of two modes:
 *
 * <ul>
 *   <li><b>fixed edges</b> ({@link #withEdges}): exact counts per bin. Bins are {@code [low, high)};
 *       unless the edges already start at {@code -Infinity} and end at {@code +Infinity}, open-ended
 *       bins are added so that every value is counted ({@code +Infinity} falls in the last bin);
 *   <li><b>automatic</b> ({@link #automatic}): a {@link LogBucketSketch}, so no range is needed up
 *       front, the same engine a {@code DataProfiler} profile uses: the same values give the same
 *       histogram through an accumulator, {@code MLOpsFunctions.histogram} or a profile. The
 *       histogram has equal-width bins {@code [low, high)} between the smallest and largest finite
 *       value (exact, unless an infinity was seen at that end: then within the sketch's relative
 *       error), the last one closed so that it holds the largest, plus a bin for each infinity
 *       seen: {@code [-Infinity, min)} and {@code [max, +Infinity]}. The sketch counts
 *       values in buckets 1/128 of a power of two wide and bins each bucket by its midpoint, so a
 *       count may sit in a neighbouring bin when the value is within {@value
 *       LogBucketSketch#RELATIVE_ERROR} (relative) of a bin edge; merging is exact and independent
 *       of order.
 * </ul>
 *
 * <p>NaN is counted by {@link #nanCount()} and left out of the histogram. Reports {@code name.count}
 * (values added, NaN included) and the histogram {@code name}. {@link #toBytes()} is the versioned
 * format it is stored and sent in; Java serialization writes those bytes too.
 *
 * @serial exclude
 */
public final class ContinuousSummary implements Summary<ContinuousSummary> {

  private static final long serialVersionUID = 1L;
  /** Equal-width bins of the automatic mode's histogram unless told otherwise. */
  public static final int DEFAULT_BINS = 20;
  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;
  private static final String WHAT = "ContinuousSummary";
  private static final byte FIXED = 0;
  private static final byte AUTOMATIC = 1;
  private static final int MAX_BINS = 10_000;

  private final double[] edges;
  private final long[] binCounts;
  private final int bins;
  private final LogBucketSketch sketch;
  private long count;
  private long nanCount;

  private ContinuousSummary(double[] edges, int bins) {
    this.edges = edges;
    this.binCounts = edges == null ? null : new long[edges.length - 1];
    this.bins = bins;
    this.sketch = edges == null ? new LogBucketSketch() : null;
  }

  /**
   * Exact counts over the given edges (strictly increasing, no NaN), with open-ended bins added at
   * either side unless the edges are already infinite there.
   *
   * @param edges the bins' edges
   * @return an empty summary
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
    return new ContinuousSummary(closed, closed.length - 1);
  }

  /**
   * Automatic bins: {@link #DEFAULT_BINS} equal-width bins over the data's range.
   *
   * @return an empty summary
   */
  public static ContinuousSummary automatic() {
    return automatic(DEFAULT_BINS);
  }

  /**
   * Automatic bins over the data's range.
   *
   * @param bins equal-width bins in the reported histogram, 1 to 10,000
   * @return an empty summary
   */
  public static ContinuousSummary automatic(int bins) {
    if (bins < 1 || bins > MAX_BINS) {
      throw new IllegalArgumentException("bins must be between 1 and 10000, got " + bins);
    }
    return new ContinuousSummary(null, bins);
  }

  /**
   * Adds one value; NaN is counted apart.
   *
   * @param value the value
   */
  public void add(double value) {
    count++;
    if (Double.isNaN(value)) {
      nanCount++;
    } else if (sketch != null) {
      sketch.add(value);
    } else {
      binCounts[binOf(value)]++;
    }
  }

  private int binOf(double value) {
    int i = Arrays.binarySearch(edges, value);
    int bin = i >= 0 ? i : -i - 2;
    return Math.min(bin, binCounts.length - 1);
  }

  /**
   * Values added, NaN included.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * NaN values added.
   *
   * @return the count
   */
  public long nanCount() {
    return nanCount;
  }

  /**
   * The histogram, or null when no non-NaN value was added.
   *
   * @return the histogram, or null
   */
  public Histogram histogram() {
    if (count == nanCount) {
      return null;
    }
    if (sketch != null) {
      return sketch.histogram(bins);
    }
    double[] counts = new double[binCounts.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = binCounts[i];
    }
    return Histogram.continuous(edges, counts);
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
    return new ContinuousSummary(edges, bins);
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

  /**
   * This summary in the format of version {@value #FORMAT_VERSION}: the header, {@code count} and
   * {@code nanCount}, the mode, then the edges and per-bin counts (fixed edges) or the bins and
   * the sketch's own encoding (automatic).
   */
  @Override
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.CONTINUOUS_SUMMARY, FORMAT_VERSION);
    w.writeLong(count);
    w.writeLong(nanCount);
    if (sketch != null) {
      w.writeByte(AUTOMATIC);
      w.writeInt(bins);
      w.writeBytes(sketch.toBytes());
    } else {
      w.writeByte(FIXED);
      w.writeInt(edges.length);
      for (double e : edges) {
        w.writeDouble(e);
      }
      for (long c : binCounts) {
        w.writeVarLong(c);
      }
    }
    return w.toByteArray();
  }

  /**
   * The summary {@link #toBytes()} encoded.
   *
   * @param bytes bytes {@link #toBytes()} wrote
   * @return the summary
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static ContinuousSummary fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.CONTINUOUS_SUMMARY, FORMAT_VERSION, WHAT);
    long count = r.readCount("count");
    long nanCount = r.readCount("nanCount");
    byte mode = r.readByte();
    ContinuousSummary s;
    long counted;
    if (mode == AUTOMATIC) {
      s = new ContinuousSummary(null, r.readInt("bins", 1, MAX_BINS));
      s.sketch.merge(LogBucketSketch.fromBytes(r.readBytes()));
      counted = s.sketch.count();
    } else if (mode == FIXED) {
      double[] edges = new double[r.readInt("edge count", 2, MAX_BINS + 3)];
      for (int i = 0; i < edges.length; i++) {
        edges[i] = r.readDouble();
      }
      try {
        Histogram.continuous(edges, new double[edges.length - 1]);
      } catch (IllegalArgumentException e) {
        throw r.invalid("bad edges", e);
      }
      s = new ContinuousSummary(edges, edges.length - 1);
      counted = 0;
      for (int i = 0; i < s.binCounts.length; i++) {
        s.binCounts[i] = r.readVarLong();
        counted += s.binCounts[i];
      }
    } else {
      throw r.invalid("unknown mode " + mode);
    }
    r.end();
    if (counted != count - nanCount) {
      throw r.invalid("count " + count + " with " + nanCount + " NaN, but " + counted
          + " values binned");
    }
    s.count = count;
    s.nanCount = nanCount;
    return s;
  }

  private Object writeReplace() {
    return new SerialProxy(SummaryDecoder.CONTINUOUS, toBytes());
  }

  private static double[] prepend(double first, double[] rest) {
    double[] out = new double[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
