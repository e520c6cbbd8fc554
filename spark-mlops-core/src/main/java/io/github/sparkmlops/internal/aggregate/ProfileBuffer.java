package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.VectorSummary;
import io.github.sparkmlops.value.Histogram;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The state of a profile while it runs ({@link ProfileAggregate}, {@link ProfileJob}): a row count
 * and one {@link Column} state per profiled column. Bounded in memory whatever the data size,
 * mergeable in any order. It travels as {@link #toBytes()} (format version {@value
 * #FORMAT_VERSION}), which {@link ProfileAggregate} hands Spark as its serialized buffer and
 * result; Java serialization ({@link ProfileJob}'s task results) writes the same bytes.
 *
 * <p>The format: the header, the row count, the number of columns, then per column its kind tag
 * and non-null count, and the kind's fields (see each {@code write}); embedded sketches are their
 * own encodings (ours versioned, DataSketches' in their own format).
 */
public final class ProfileBuffer implements Serializable {

  private static final long serialVersionUID = 1L;
  /**
   * The version of {@link #toBytes()}'s format: 2 adds each numeric column's centre (and its exact
   * extremes when centred); bytes of version 1 read as uncentred columns.
   */
  public static final int FORMAT_VERSION = 2;
  private static final String WHAT = "ProfileBuffer";
  private static final byte OTHER = 0;
  private static final byte NUMERIC = 1;
  private static final byte CATEGORICAL = 2;
  private static final byte VECTORS = 3;

  private long rows;
  private final Column[] columns;

  ProfileBuffer(Column[] columns) {
    this.columns = columns;
  }

  void countRows(long n) {
    rows += n;
  }

  public long rows() {
    return rows;
  }

  public Column column(int i) {
    return columns[i];
  }

  /**
   * The profile whose columns are those of {@code singles}, in order, each a profile of one column
   * ({@link #only}) of the same rows.
   */
  static ProfileBuffer joined(List<ProfileBuffer> singles) {
    Column[] columns = new Column[singles.size()];
    for (int i = 0; i < columns.length; i++) {
      if (singles.get(i).width() != 1 || singles.get(i).rows != singles.get(0).rows) {
        throw new IllegalArgumentException("joined profiles must each hold one column of the "
            + "same rows");
      }
      columns[i] = singles.get(i).columns[0];
    }
    ProfileBuffer joined = new ProfileBuffer(columns);
    joined.rows = singles.isEmpty() ? 0 : singles.get(0).rows;
    return joined;
  }

  /** A profile of column {@code i} alone, with this profile's row count (for storing it apart). */
  public ProfileBuffer only(int i) {
    ProfileBuffer one = new ProfileBuffer(new Column[] {columns[i]});
    one.rows = rows;
    return one;
  }

  public int width() {
    return columns.length;
  }

  /**
   * The profile, its columns named {@code names} in order.
   *
   * @throws IllegalArgumentException if there are not as many names as profiled columns
   */
  public DataProfile profile(List<String> names) {
    if (names.size() != columns.length) {
      throw new IllegalArgumentException("the profile holds " + columns.length
          + " columns but " + names.size() + " column names were given"
          + "; read it with the profiler that made it");
    }
    List<ColumnProfile> profiles = new ArrayList<>(columns.length);
    for (int i = 0; i < columns.length; i++) {
      profiles.add(columns[i].profile(names.get(i), rows));
    }
    return new DataProfile(rows, profiles);
  }

  void merge(ProfileBuffer other) {
    rows += other.rows;
    for (int i = 0; i < columns.length; i++) {
      columns[i].merge(other.columns[i]);
    }
  }

  /** This profile in the format of version {@value #FORMAT_VERSION}, every value counted. */
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.PROFILE_BUFFER, FORMAT_VERSION);
    w.writeLong(rows);
    w.writeInt(columns.length);
    for (Column c : columns) {
      c.countPending();
      w.writeByte(c.kindTag());
      w.writeLong(c.count);
      c.write(w);
    }
    return w.toByteArray();
  }

  /**
   * The profile {@link #toBytes()} encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static ProfileBuffer fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.PROFILE_BUFFER, FORMAT_VERSION, WHAT);
    long rows = r.readCount("rows");
    // a column takes at least 9 bytes: more columns than that are garbage, not worth allocating
    Column[] columns = new Column[r.readInt("column count", 0, r.remaining() / 9)];
    for (int i = 0; i < columns.length; i++) {
      byte kind = r.readByte();
      long count = r.readCount("column count");
      columns[i] = switch (kind) {
        case OTHER -> new Other();
        case NUMERIC -> Numeric.read(r);
        case CATEGORICAL -> Categorical.read(r);
        case VECTORS -> new Vectors(VectorSummary.fromBytes(r.readBytes()));
        default -> throw r.invalid("unknown column kind " + kind);
      };
      columns[i].count = count;
    }
    r.end();
    ProfileBuffer buffer = new ProfileBuffer(columns);
    buffer.rows = rows;
    return buffer;
  }

  private Object writeReplace() {
    return new SerialProxy(AggregateDecoder.PROFILE_BUFFER, toBytes());
  }

  /** The state of one column; {@code count} is its non-null values. */
  public abstract static class Column {

    long count;

    /** The column's non-null values. */
    public long count() {
      return count;
    }

    abstract void merge(Column other);

    /** The tag of this kind of column in the format. */
    abstract byte kindTag();

    /** Writes the fields of this kind of column, after its tag and count. */
    void write(ByteWriter w) {}

    /** Brings the state up to date with every value added; called before it is serialized. */
    void countPending() {}

    /** The column's profile, given the Dataset's row count. */
    public abstract ColumnProfile profile(String name, long rows);
  }

  /** Anything without a richer profile: counts only. */
  static final class Other extends Column {

    void add() {
      count++;
    }

    @Override
    void merge(Column other) {
      count += other.count;
    }

    @Override
    byte kindTag() {
      return OTHER;
    }

    @Override
    public ColumnProfile profile(String name, long rows) {
      return new ColumnProfile(name, ColumnKind.OTHER, count, rows - count, null, null,
          null, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * A numeric column: moments (sums shifted by the first finite value, so no division per row;
   * Chan's merge), zeros, NaN, and a {@link LogBucketSketch} for quantiles and the histogram. With
   * {@code maxDistinct > 0} it also counts values exactly while there are at most that many, and
   * is then profiled as categorical.
   *
   * <p>The sketch holds each value less the column's {@link #centre()}, fixed before the first
   * value (by the profile's plan, the same in every partition): its buckets are relative to the
   * distance from the centre, so a column whose spread is small next to its magnitude (years,
   * timestamps, N(1000, 1)) is resolved as finely as one around 0. Everything read off the sketch
   * is shifted back; the extremes are kept exactly apart, as {@code (v - centre) + centre} may
   * round. A centre of 0 is the uncentred sketch, bit for bit.
   *
   * <p>Values are collected and counted {@value #CHUNK} at a time, in loops over an array that keep
   * the sums, bounds and bucket arrays in registers ({@link LogBucketSketch#addAll}). Counting
   * each value into the fields as it came took 7.0 ns a value, against 4.7 ns (8 columns of the
   * benchmark's data, in isolation), most of it loading and storing the same fields every time.
   */
  public static final class Numeric extends Column {

    private static final int CHUNK = 1024;

    private final LogBucketSketch sketch = new LogBucketSketch();
    private final int bins;
    private final int maxDistinct;
    private final double centre;
    // the exact extremes, kept only when centred (else the sketch's are exact)
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long nan;
    private long zeros;
    private long finite;
    // sum and sumSquares are of (value - shift), the first finite value: exact enough and cheap
    private boolean shifted;
    private double shift;
    private double sum;
    private double sumSquares;
    // exact counts of the first maxDistinct distinct values, in the order first seen; null once
    // there are more
    private double[] values;
    private long[] valueCounts;
    private int distinct;
    // an open-addressing index of values: a slot holds a value's position plus one, 0 if empty.
    // A scan of the values took a branch per value held, mispredicted on mixed data: 11-13 ns a
    // value of an integral column of 10 values, against 5-9 ns for a column without exact counts
    private int[] slots;
    private int slotShift;
    // added, not yet counted: every read of the state comes after countPending()
    private double[] pending;
    private int pendingCount;

    Numeric(int bins, int maxDistinct) {
      this(bins, maxDistinct, 0.0);
    }

    /**
     * @throws IllegalArgumentException if {@code centre} is not finite
     */
    Numeric(int bins, int maxDistinct, double centre) {
      if (!Double.isFinite(centre)) {
        throw new IllegalArgumentException("centre must be finite, got " + centre);
      }
      this.bins = bins;
      this.maxDistinct = maxDistinct;
      this.centre = centre + 0.0; // -0.0 is no centre
      if (maxDistinct > 0) {
        values = new double[maxDistinct];
        valueCounts = new long[maxDistinct];
        // at most a quarter full: a lookup probes about one slot
        int capacity = Integer.highestOneBit(4 * maxDistinct - 1) << 1;
        slots = new int[capacity];
        slotShift = 64 - Integer.numberOfTrailingZeros(capacity);
      }
    }

    void add(double v) {
      if (pending == null) {
        pending = new double[CHUNK];
      }
      pending[pendingCount++] = v;
      if (pendingCount == CHUNK) {
        countPending();
      }
    }

    @Override
    void countPending() {
      int n = pendingCount;
      if (n == 0) {
        return;
      }
      pendingCount = 0;
      double[] chunk = pending;
      count += n;
      for (int i = 0; !shifted && i < n; i++) {
        if (Double.isFinite(chunk[i])) {
          shift = chunk[i];
          shifted = true;
        }
      }
      long nans = 0;
      long zeroCount = 0;
      double total = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        double v = chunk[i];
        boolean isNan = Double.isNaN(v);
        nans += isNan ? 1 : 0;
        zeroCount += v == 0.0 ? 1 : 0;
        double d = isNan ? 0.0 : v - shift;
        total += d;
        squares += d * d;
      }
      nan += nans;
      zeros += zeroCount;
      finite += n - nans;
      sum += total;
      sumSquares += squares;
      for (int i = 0; values != null && i < n; i++) {
        if (!Double.isNaN(chunk[i])) {
          countValue(chunk[i], 1);
        }
      }
      if (centre != 0) {
        centreChunk(chunk, n);
      }
      sketch.addAll(chunk, n);
    }

    /** Keeps the chunk's exact extremes, then takes the centre off each value, in place. */
    private void centreChunk(double[] chunk, int n) {
      double lo = min;
      double hi = max;
      double c = centre;
      for (int i = 0; i < n; i++) {
        double v = chunk[i];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        chunk[i] = v - c;
      }
      min = lo;
      max = hi;
    }

    /** Counts a value that is not NaN; forgets every value past {@code maxDistinct}. */
    private void countValue(double v, long times) {
      // v + 0.0 is 0.0 for -0.0 too: values equal as numbers hash alike
      long bits = Double.doubleToRawLongBits(v + 0.0);
      int mask = slots.length - 1;
      int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> slotShift);
      for (int at = slots[slot]; at != 0; at = slots[slot]) {
        if (values[at - 1] == v) {
          valueCounts[at - 1] += times;
          return;
        }
        slot = (slot + 1) & mask;
      }
      if (distinct == maxDistinct) {
        values = null;
        valueCounts = null;
        slots = null;
      } else {
        values[distinct] = v;
        valueCounts[distinct++] = times;
        slots[slot] = distinct;
      }
    }

    /**
     * Adds {@code column}'s values.
     *
     * @throws IllegalStateException if the two are centred differently: their sketches' buckets
     *     do not line up, and re-counting one's buckets on the other's would lose the accuracy the
     *     centre is for. Every partition of a profile gets its centre from the one plan, so this
     *     is a bug, not bad data.
     */
    @Override
    void merge(Column column) {
      Numeric other = (Numeric) column;
      if (Double.compare(centre, other.centre) != 0) {
        throw new IllegalStateException("cannot merge a numeric column profiled centred on "
            + centre + " with one centred on " + other.centre
            + ": profiles merge only with the plan that made them");
      }
      countPending();
      other.countPending();
      count += other.count;
      sketch.merge(other.sketch);
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
      nan += other.nan;
      zeros += other.zeros;
      if (other.finite > 0) {
        long n = finite + other.finite;
        double delta = other.mean() - mean();
        double m2 = m2() + other.m2() + delta * delta * finite * other.finite / n;
        double mean = mean() + delta * other.finite / n;
        finite = n;
        // the same sums, re-centred on the mean
        shift = mean;
        shifted = shifted || other.shifted;
        sum = 0;
        sumSquares = m2;
      }
      if (values != null && other.values == null) {
        values = null;
        valueCounts = null;
        slots = null;
      }
      for (int i = 0; values != null && i < other.distinct; i++) {
        countValue(other.values[i], other.valueCounts[i]);
      }
    }

    @Override
    byte kindTag() {
      return NUMERIC;
    }

    /**
     * {@code bins}, {@code maxDistinct}, the centre (with, when not 0, the exact smallest and
     * largest value), the NaN, zero and finite counts, the shifted sums, the sketch's encoding,
     * then the exact values and their counts (-1 once there are too many). Version 1 had no
     * centre.
     */
    @Override
    void write(ByteWriter w) {
      w.writeInt(bins);
      w.writeInt(maxDistinct);
      w.writeDouble(centre);
      if (centre != 0) {
        w.writeDouble(min);
        w.writeDouble(max);
      }
      w.writeVarLong(nan);
      w.writeVarLong(zeros);
      w.writeVarLong(finite);
      w.writeBoolean(shifted);
      w.writeDouble(shift);
      w.writeDouble(sum);
      w.writeDouble(sumSquares);
      w.writeBytes(sketch.toBytes());
      w.writeInt(values == null ? -1 : distinct);
      for (int i = 0; values != null && i < distinct; i++) {
        w.writeDouble(values[i]);
        w.writeVarLong(valueCounts[i]);
      }
    }

    static Numeric read(ByteReader r) {
      int bins = r.readInt("bins", 1, 10_000);
      int maxDistinct = r.readInt("maxDistinct", 0, CategorySummary.DEFAULT_MAX_EXACT);
      double centre = r.version() >= 2 ? r.readDouble() : 0.0;
      if (!Double.isFinite(centre)) {
        throw r.invalid("a centre of " + centre);
      }
      Numeric n = new Numeric(bins, maxDistinct, centre);
      if (n.centre != 0) {
        n.min = r.readDouble();
        n.max = r.readDouble();
        if (Double.isNaN(n.min) || Double.isNaN(n.max)) {
          throw r.invalid("a NaN bound");
        }
      }
      n.nan = r.readVarLong();
      n.zeros = r.readVarLong();
      n.finite = r.readVarLong();
      n.shifted = r.readBoolean();
      n.shift = r.readDouble();
      n.sum = r.readDouble();
      n.sumSquares = r.readDouble();
      n.sketch.merge(LogBucketSketch.fromBytes(r.readBytes()));
      int distinct = r.readInt("distinct values", -1, n.values == null ? -1 : n.maxDistinct);
      if (distinct == -1) {
        n.values = null;
        n.valueCounts = null;
        n.slots = null;
      }
      for (int i = 0; i < distinct; i++) {
        double v = r.readDouble();
        long times = r.readVarLong();
        if (Double.isNaN(v)) {
          throw r.invalid("a NaN exact value");
        }
        n.countValue(v, times);
        if (n.distinct != i + 1) {
          throw r.invalid("a repeated exact value " + v);
        }
      }
      return n;
    }

    @Override
    public ColumnProfile profile(String name, long rows) {
      countPending();
      if (values != null && count > 0) {
        CategorySummary counts = CategorySummary.create(CategorySummary.DEFAULT_MAX_EXACT, distinct);
        for (int i = 0; i < distinct; i++) {
          double v = values[i];
          counts.add(label(v), valueCounts[i]);
        }
        return new ColumnProfile(name, ColumnKind.CATEGORICAL, count, rows - count, zeros,
            nan, bound(min()), bound(max()), meanOf(), stddevOf(), null,
            (long) distinct, null, counts.histogram(), null);
      }
      List<Double> quantiles = null;
      if (finite > 0) {
        quantiles = new ArrayList<>();
        for (double rank : ColumnProfile.QUANTILE_RANKS) {
          quantiles.add(quantile(rank));
        }
      }
      return new ColumnProfile(name, ColumnKind.CONTINUOUS, count, rows - count, zeros,
          nan, bound(min()), bound(max()), meanOf(), stddevOf(), quantiles,
          null, null, sketch.histogram(bins, centre), null);
    }

    /** The sketch's quantile, shifted back, within the exact extremes. */
    private double quantile(double rank) {
      double q = sketch.quantile(rank);
      return centre == 0 ? q : Math.max(min, Math.min(max, q + centre));
    }

    /**
     * The sketch of the values less {@link #centre()}, every value added counted: its buckets,
     * quantiles and extremes are those of {@code value - centre()}.
     */
    public LogBucketSketch sketch() {
      countPending();
      return sketch;
    }

    /** What the sketch's values are relative to: 0 for an uncentred column. */
    public double centre() {
      return centre;
    }

    /**
     * The smallest value added (an infinity included), exactly; NaN when no value but NaN was
     * added.
     */
    public double min() {
      countPending();
      return centre == 0 || sketch.count() == 0 ? sketch.min() : min;
    }

    /**
     * The largest value added (an infinity included), exactly; NaN when no value but NaN was
     * added.
     */
    public double max() {
      countPending();
      return centre == 0 || sketch.count() == 0 ? sketch.max() : max;
    }

    /**
     * The count of each value, labelled as the profile's categorical histogram labels them, while
     * the column has at most its categorical limit of distinct values; null past it (or with no
     * limit).
     */
    public Map<String, Long> valueCounts() {
      countPending();
      if (values == null) {
        return null;
      }
      Map<String, Long> out = new LinkedHashMap<>();
      for (int i = 0; i < distinct; i++) {
        out.merge(label(values[i]), valueCounts[i], Long::sum);
      }
      return out;
    }

    private static String label(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The mean of the finite values, or null without any. */
    public Double meanOrNull() {
      countPending();
      return finite == 0 ? null : mean();
    }

    /** The sample standard deviation of the finite values, or null with fewer than two. */
    public Double stddevOrNull() {
      countPending();
      return finite < 2 ? null : Math.sqrt(m2() / (finite - 1));
    }

    private Double bound(double bound) {
      return finite == 0 ? null : bound;
    }

    private double mean() {
      return finite == 0 ? 0.0 : shift + sum / finite;
    }

    /** The sum of squared deviations from the mean. */
    private double m2() {
      return finite == 0 ? 0.0 : Math.max(0.0, sumSquares - sum * sum / finite);
    }

    private Double meanOf() {
      return finite == 0 ? null : mean();
    }

    private Double stddevOf() {
      return finite < 2 ? null : Math.sqrt(m2() / (finite - 1));
    }
  }

  /**
   * A categorical column: {@link ExactCounts} (keyed by Spark's internal values, so a string costs
   * no decoding) up to {@link CategorySummary#DEFAULT_MAX_EXACT} distinct values, then a
   * frequent-items sketch and a HyperLogLog sketch of the distinct count. Strings also report
   * their average length.
   */
  public static final class Categorical extends Column {

    private static final int HLL_LG_K = 12;
    private static final byte EXACT = 0;
    private static final byte SKETCHES = 1;

    private final int topValues;
    private final boolean strings;
    private long lengthSum;
    private ExactCounts exact = new ExactCounts(CategorySummary.DEFAULT_MAX_EXACT);
    private CategorySummary frequent;
    private HllSketch distinct;

    Categorical(int topValues, boolean strings) {
      this.topValues = topValues;
      this.strings = strings;
    }

    /** Adds one non-null value: a {@link UTF8String}, a boxed number or a boolean. */
    void add(Object value) {
      count++;
      add(value, 1);
    }

    private void add(Object value, long times) {
      if (exact != null) {
        if (exact.add(value, times)) {
          return;
        }
        toSketches();
      }
      addToSketches(value, times);
    }

    /** Adds to the sketches; lengths are summed here, exact counts' lengths only when read. */
    private void addToSketches(Object value, long times) {
      String label = value.toString();
      frequent.add(label, times);
      distinct.update(label.getBytes(StandardCharsets.UTF_8));
      if (strings) {
        lengthSum += times * ((UTF8String) value).numChars();
      }
    }

    private void toSketches() {
      frequent = CategorySummary.create(CategorySummary.DEFAULT_MAX_EXACT, topValues);
      distinct = new HllSketch(HLL_LG_K);
      ExactCounts held = exact;
      exact = null;
      held.forEach(this::addToSketches);
    }

    @Override
    void merge(Column column) {
      Categorical other = (Categorical) column;
      count += other.count;
      lengthSum += other.lengthSum;
      if (other.exact != null) {
        other.exact.forEach(this::add);
        return;
      }
      if (exact != null) {
        toSketches();
      }
      frequent.merge(other.frequent);
      Union union = new Union(HLL_LG_K);
      union.update(distinct);
      union.update(other.distinct);
      distinct = union.getResult();
    }

    /**
     * The count of each value: exact up to {@link CategorySummary#DEFAULT_MAX_EXACT} distinct
     * values, then the frequent-items sketch's estimates of the values it keeps.
     */
    public Map<String, Long> valueCounts() {
      if (exact != null) {
        Map<String, Long> out = new LinkedHashMap<>();
        exact.forEach((value, c) -> out.merge(value.toString(), c, Long::sum));
        return out;
      }
      return frequent.counts();
    }

    /** Whether {@link #valueCounts()} are exact (not estimates of the most frequent values). */
    public boolean exact() {
      return exact != null;
    }

    private Double averageLength() {
      if (!strings || count == 0) {
        return null;
      }
      long total = lengthSum;
      if (exact != null) {
        total += exact.weightedSum(value -> ((UTF8String) value).numChars());
      }
      return (double) total / count;
    }

    @Override
    public ColumnProfile profile(String name, long rows) {
      Long distinctCount;
      Histogram histogram;
      if (exact != null) {
        distinctCount = (long) exact.size();
        CategorySummary counts =
            CategorySummary.create(CategorySummary.DEFAULT_MAX_EXACT, topValues);
        exact.forEach((value, c) -> counts.add(value.toString(), c));
        histogram = counts.histogram();
      } else {
        distinctCount = Math.round(distinct.getEstimate());
        histogram = frequent.histogram();
      }
      return new ColumnProfile(name, ColumnKind.CATEGORICAL, count, rows - count, null,
          null, null, null, null, null, null, distinctCount,
          averageLength(), histogram, null);
    }

    @Override
    byte kindTag() {
      return CATEGORICAL;
    }

    /**
     * {@code topValues}, whether the values are strings, the sum of lengths the sketches saw, then
     * the exact counts' encoding, or the frequent-items summary's and the HyperLogLog sketch's.
     */
    @Override
    void write(ByteWriter w) {
      w.writeInt(topValues);
      w.writeBoolean(strings);
      w.writeVarLong(lengthSum);
      if (exact != null) {
        w.writeByte(EXACT);
        w.writeBytes(exact.toBytes());
      } else {
        w.writeByte(SKETCHES);
        w.writeBytes(frequent.toBytes());
        w.writeBytes(distinct.toCompactByteArray());
      }
    }

    static Categorical read(ByteReader r) {
      Categorical c = new Categorical(r.readInt("topValues", 1, CategorySummary.DEFAULT_MAX_EXACT),
          r.readBoolean());
      c.lengthSum = r.readVarLong();
      byte mode = r.readByte();
      if (mode == EXACT) {
        c.exact = ExactCounts.fromBytes(r.readBytes());
      } else if (mode == SKETCHES) {
        c.exact = null;
        c.frequent = CategorySummary.fromBytes(r.readBytes());
        byte[] hll = r.readBytes();
        try {
          c.distinct = HllSketch.heapify(Memory.wrap(hll));
        } catch (RuntimeException e) { // DataSketches' and Memory's own exceptions
          throw r.invalid("an unreadable HyperLogLog sketch", e);
        }
      } else {
        throw r.invalid("unknown categorical mode " + mode);
      }
      return c;
    }
  }

  /** A vector or numeric-array column: {@link VectorSummary}'s statistics. */
  static final class Vectors extends Column {

    private final VectorSummary summary;

    Vectors() {
      this(VectorSummary.create());
    }

    private Vectors(VectorSummary summary) {
      this.summary = summary;
    }

    /** Adds a vector in Spark's internal form (a {@link VectorUDT} struct). */
    void addInternal(Object internal) {
      count++;
      summary.add(new VectorUDT().deserialize(internal));
    }

    void add(double[] v) {
      count++;
      summary.add(v);
    }

    @Override
    void merge(Column other) {
      count += other.count;
      summary.merge(((Vectors) other).summary);
    }

    @Override
    byte kindTag() {
      return VECTORS;
    }

    /** The vector summary's encoding. */
    @Override
    void write(ByteWriter w) {
      w.writeBytes(summary.toBytes());
    }

    @Override
    public ColumnProfile profile(String name, long rows) {
      return new ColumnProfile(name, ColumnKind.VECTOR, count, rows - count, null, null,
          null, null, null, null, null, null, null, null, VectorAggregator.resultRow(summary));
    }
  }
}
