package io.github.sparkmlops.sketch;

import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * included), {@code name.missing} and the histogram {@code name}.
 */
public final class CategorySummary implements Summary<CategorySummary> {

  private static final long serialVersionUID = 1L;
  /** The label of the bin that sums the values not shown. */
  public static final String OTHER = "__other__";
  public static final int DEFAULT_MAX_EXACT = 1_000;
  public static final int DEFAULT_MAX_BINS = 100;
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private final int maxExact;
  private final int maxBins;
  private HashMap<String, Long> exact = new HashMap<>();
  private transient ItemsSketch<String> sketch;
  private long count;
  private long missing;

  private CategorySummary(int maxExact, int maxBins) {
    this.maxExact = maxExact;
    this.maxBins = maxBins;
  }

  /** Exact up to {@value #DEFAULT_MAX_EXACT} values, showing the top {@value #DEFAULT_MAX_BINS}. */
  public static CategorySummary create() {
    return create(DEFAULT_MAX_EXACT, DEFAULT_MAX_BINS);
  }

  /**
   * @param maxExact distinct values counted exactly before switching to a sketch, 1 to 1,000,000
   * @param maxBins most frequent values shown in the histogram, 1 to {@code maxExact}
   */
  public static CategorySummary create(int maxExact, int maxBins) {
    if (maxExact < 1 || maxExact > 1_000_000) {
      throw new IllegalArgumentException("maxExact must be between 1 and 1000000, got " + maxExact);
    }
    if (maxBins < 1 || maxBins > maxExact) {
      throw new IllegalArgumentException(
          "maxBins must be between 1 and maxExact (" + maxExact + "), got " + maxBins);
    }
    return new CategorySummary(maxExact, maxBins);
  }

  /** Adds one value; null counts as missing. */
  public void add(String value) {
    add(value, 1);
  }

  /** Adds {@code times} occurrences of a value; null counts as missing. */
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

  /** Values added, nulls included. */
  public long count() {
    return count;
  }

  /** Nulls added. */
  public long missingCount() {
    return missing;
  }

  /** Whether the counts are exact (not yet switched to the sketch). */
  public boolean isExact() {
    return sketch == null;
  }

  /** The counts, most frequent first (ties by label), all of them; estimates in sketch mode. */
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

  /** The histogram of the {@code maxBins} most frequent values, or null when all were null. */
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

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeObject(sketch == null ? null : sketch.toByteArray(SERDE));
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] bytes = (byte[]) in.readObject();
    sketch = bytes == null ? null : ItemsSketch.getInstance(Memory.wrap(bytes), SERDE);
  }
}
