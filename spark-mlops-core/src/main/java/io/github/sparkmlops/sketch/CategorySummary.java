package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The distribution of a categorical variable: exact counts while there are at most {@code maxExact}
 * distinct values, then a DataSketches frequent-items sketch sized for that many items, so memory
 * stays bounded. Once in sketch mode the counts are estimates (upper bounds, within the sketch's
 * maximum error) and values rarer than that error may be missing.
 *
 * <p>The reported histogram holds the {@code maxBins} most frequent values, most frequent first;
 * values left out are summed in one {@value #OTHER} bin. Nulls are counted by {@link
 * #missingCount()} and are not a category. Reports {@code name.count} (values added, nulls
 * included), {@code name.missing} and the histogram {@code name}. {@link #toBytes()} is the
 * versioned format it is stored and sent in; Java serialization writes those bytes too.
 *
 * @serial exclude
 */
public final class CategorySummary implements Summary<CategorySummary> {

  private static final long serialVersionUID = 1L;
  /** The label of the bin that sums the values not shown. */
  public static final String OTHER = "__other__";
  /** Distinct values counted exactly, unless told otherwise, before the sketch takes over. */
  public static final int DEFAULT_MAX_EXACT = 1_000;
  /** Most frequent values shown in the histogram unless told otherwise. */
  public static final int DEFAULT_MAX_BINS = 100;
  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
  private static final String WHAT = "CategorySummary";
  private static final byte EXACT = 0;
  private static final byte SKETCH = 1;

  private final int maxExact;
  private final int maxBins;
  private HashMap<String, Long> exact = new HashMap<>();
  private ItemsSketch<String> sketch;
  private long count;
  private long missing;

  private CategorySummary(int maxExact, int maxBins) {
    this.maxExact = maxExact;
    this.maxBins = maxBins;
  }

  /**
   * Exact up to {@value #DEFAULT_MAX_EXACT} values, showing the top {@value #DEFAULT_MAX_BINS}.
   *
   * @return an empty summary
   */
  public static CategorySummary create() {
    return create(DEFAULT_MAX_EXACT, DEFAULT_MAX_BINS);
  }

  /**
   * @param maxExact distinct values counted exactly before switching to a sketch, 1 to 1,000,000
   * @param maxBins most frequent values shown in the histogram, 1 to {@code maxExact}
   * @return an empty summary
   */
  public static CategorySummary create(int maxExact, int maxBins) {
    checkBounds(maxExact, maxBins);
    return new CategorySummary(maxExact, maxBins);
  }

  private static void checkBounds(int maxExact, int maxBins) {
    if (maxExact < 1 || maxExact > 1_000_000) {
      throw new IllegalArgumentException("maxExact must be between 1 and 1000000, got " + maxExact);
    }
    if (maxBins < 1 || maxBins > maxExact) {
      throw new IllegalArgumentException(
          "maxBins must be between 1 and maxExact (" + maxExact + "), got " + maxBins);
    }
  }

  /**
   * Adds one value; null counts as missing.
   *
   * @param value the value, or null
   */
  public void add(String value) {
    add(value, 1);
  }

  /**
   * Adds {@code times} occurrences of a value; null counts as missing.
   *
   * @param value the value, or null
   * @param times how many occurrences
   */
  public void add(String value, long times) {
    count += times;
    if (value == null) {
      missing += times;
    } else {
      addPresent(value, times);
    }
  }

  private void addPresent(String value, long times) {
    if (sketch != null) {
      sketch.update(value, times);
    } else {
      exact.merge(value, times, Long::sum);
      if (exact.size() > maxExact) {
        toSketch();
      }
    }
  }

  private void toSketch() {
    // the map holds up to 0.75 * maxMapSize items; a power of two is required
    int mapSize = Integer.highestOneBit(Math.max(8, (int) Math.ceil(maxExact / 0.75))) * 2;
    sketch = new ItemsSketch<>(mapSize);
    exact.forEach(sketch::update);
    exact = null;
  }

  /**
   * Values added, nulls included.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Nulls added.
   *
   * @return the count
   */
  public long missingCount() {
    return missing;
  }

  /**
   * Whether the counts are exact (not yet switched to the sketch).
   *
   * @return whether the counts are exact
   */
  public boolean isExact() {
    return sketch == null;
  }

  /**
   * The counts, most frequent first (ties by label), all of them; estimates in sketch mode.
   *
   * @return the counts, by value
   */
  public Map<String, Long> counts() {
    List<Map.Entry<String, Long>> entries = new ArrayList<>();
    if (sketch == null) {
      entries.addAll(exact.entrySet());
    } else {
      for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
        entries.add(Map.entry(row.getItem(), row.getEstimate()));
      }
    }
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * The histogram of the {@code maxBins} most frequent values, or null when all were null.
   *
   * @return the histogram, or null
   */
  public Histogram histogram() {
    long present = count - missing;
    if (present == 0) {
      return null;
    }
    Map<String, Long> shown = new LinkedHashMap<>();
    long sum = 0;
    for (Map.Entry<String, Long> e : counts().entrySet()) {
      if (shown.size() == maxBins) {
        break;
      }
      shown.put(e.getKey(), e.getValue());
      sum += e.getValue();
    }
    if (sum < present) {
      shown.merge(OTHER, present - sum, Long::sum);
    }
    return Histogram.categorical(shown);
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public void merge(CategorySummary other) {
    if (other.sketch != null) {
      if (sketch == null) {
        toSketch();
      }
      sketch.merge(other.sketch);
    } else {
      other.exact.forEach(this::addPresent);
    }
    count += other.count;
    missing += other.missing;
  }

  @Override
  public CategorySummary copy() {
    CategorySummary c = emptyCopy();
    c.merge(this);
    return c;
  }

  @Override
  public CategorySummary emptyCopy() {
    return new CategorySummary(maxExact, maxBins);
  }

  @Override
  public List<NamedStat> stats(String name) {
    List<NamedStat> out = new ArrayList<>(3);
    out.add(new NamedStat(name + ".count", new NumberValue(count)));
    out.add(new NamedStat(name + ".missing", new NumberValue(missing)));
    Histogram h = histogram();
    if (h != null) {
      out.add(new NamedStat(name, h));
    }
    return out;
  }

  /**
   * This summary in the format of version {@value #FORMAT_VERSION}: the header, {@code maxExact},
   * {@code maxBins}, {@code count}, {@code missing}, the mode, then the exact counts in label
   * order, or the frequent-items sketch in DataSketches' own format.
   */
  @Override
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.CATEGORY_SUMMARY, FORMAT_VERSION);
    w.writeInt(maxExact);
    w.writeInt(maxBins);
    w.writeLong(count);
    w.writeLong(missing);
    if (sketch == null) {
      w.writeByte(EXACT);
      w.writeInt(exact.size());
      // sorted, so that equal summaries have equal bytes
      new TreeMap<>(exact).forEach((label, n) -> {
        w.writeString(label);
        w.writeVarLong(n);
      });
    } else {
      w.writeByte(SKETCH);
      w.writeBytes(sketch.toByteArray(SERDE));
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
  public static CategorySummary fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.CATEGORY_SUMMARY, FORMAT_VERSION, WHAT);
    int maxExact = r.readInt();
    int maxBins = r.readInt();
    try {
      checkBounds(maxExact, maxBins);
    } catch (IllegalArgumentException e) {
      throw r.invalid("bad bounds", e);
    }
    CategorySummary s = new CategorySummary(maxExact, maxBins);
    s.count = r.readCount("count");
    s.missing = r.readCount("missing");
    byte mode = r.readByte();
    long present;
    if (mode == EXACT) {
      int n = r.readInt("label count", 0, maxExact);
      present = 0;
      for (int i = 0; i < n; i++) {
        String label = r.readString();
        long times = r.readVarLong();
        if (s.exact.put(label, times) != null) {
          throw r.invalid("a repeated label '" + label + "'");
        }
        present += times;
      }
    } else if (mode == SKETCH) {
      byte[] items = r.readBytes();
      try {
        s.sketch = ItemsSketch.getInstance(Memory.wrap(items), SERDE);
      } catch (RuntimeException e) { // DataSketches' and Memory's own exceptions
        throw r.invalid("an unreadable frequent-items sketch", e);
      }
      s.exact = null;
      present = s.sketch.getStreamLength();
    } else {
      throw r.invalid("unknown mode " + mode);
    }
    r.end();
    if (present != s.count - s.missing) {
      throw r.invalid("count " + s.count + " with " + s.missing + " missing, but " + present
          + " values counted");
    }
    return s;
  }

  private Object writeReplace() {
    return new SerialProxy(SummaryDecoder.CATEGORY, toBytes());
  }
}
