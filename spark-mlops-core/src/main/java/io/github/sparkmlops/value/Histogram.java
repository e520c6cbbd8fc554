package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A histogram, continuous or categorical.
 *
 * <p>A continuous histogram has {@code n} counts and {@code n + 1} strictly increasing bin edges;
 * bin {@code i} covers {@code [edges[i], edges[i + 1])}. The first edge may be
 * {@code Double.NEGATIVE_INFINITY} and the last {@code Double.POSITIVE_INFINITY} for open-ended
 * bins. A categorical histogram has one count per distinct label. Counts may be absolute or
 * normalised; they must be finite and not negative.
 */
public final class Histogram implements StatValue {

  /** Whether the bins are numeric ranges or categories. */
  public enum Kind {
    /** Counts per numeric bin, between edges. */
    CONTINUOUS,
    /** Counts per category label. */
    CATEGORICAL
  }

  private final Kind kind;
  private final double[] edges;
  private final List<String> labels;
  private final double[] counts;

  private Histogram(Kind kind, double[] edges, List<String> labels, double[] counts) {
    this.kind = kind;
    this.edges = edges;
    this.labels = labels;
    this.counts = counts;
  }

  /**
   * A continuous histogram.
   *
   * @param edges {@code counts.length + 1} strictly increasing edges; only the first may be
   *     {@code -Infinity} and only the last {@code +Infinity}; none may be NaN
   * @param counts one count per bin
   * @return the histogram
   */
  public static Histogram continuous(double[] edges, double[] counts) {
    double[] c = Require.nonEmptyCopy("counts", counts);
    double[] e = Require.notNull("edges", edges).clone();
    if (e.length != c.length + 1) {
      throw new IllegalArgumentException(
          "edges must have counts.length + 1 = " + (c.length + 1) + " elements, got " + e.length);
    }
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i])) {
        throw new IllegalArgumentException("edges must not contain NaN (index " + i + ")");
      }
      if (e[i] == Double.NEGATIVE_INFINITY && i != 0) {
        throw new IllegalArgumentException("edges may be -Infinity only at index 0, found at " + i);
      }
      if (e[i] == Double.POSITIVE_INFINITY && i != e.length - 1) {
        throw new IllegalArgumentException(
            "edges may be +Infinity only at the last index, found at " + i);
      }
      if (i > 0 && !(e[i] > e[i - 1])) {
        throw new IllegalArgumentException(
            "edges must be strictly increasing, but edges[" + i + "] = " + e[i]
                + " is not greater than edges[" + (i - 1) + "] = " + e[i - 1]);
      }
    }
    Require.counts("counts", c);
    return new Histogram(Kind.CONTINUOUS, e, List.of(), c);
  }

  /**
   * A categorical histogram: one count per label. Labels are the categories' values: distinct, not
   * null, well-formed UTF-16; an empty or blank value is a category like any other.
   *
   * @param labels the categories
   * @param counts one count per label
   * @return the histogram
   */
  public static Histogram categorical(List<String> labels, double[] counts) {
    double[] c = Require.nonEmptyCopy("counts", counts);
    List<String> l = Require.categories("labels", labels, c.length);
    Require.counts("counts", c);
    return new Histogram(Kind.CATEGORICAL, new double[0], l, c);
  }

  /**
   * A categorical histogram in the map's iteration order.
   *
   * @param countsByLabel the counts, by category
   * @return the histogram
   */
  public static Histogram categorical(Map<String, ? extends Number> countsByLabel) {
    Require.notNull("countsByLabel", countsByLabel);
    return categorical(new ArrayList<>(countsByLabel.keySet()),
        Require.numbers("countsByLabel values", countsByLabel.values()));
  }

  /**
   * Whether the histogram is continuous or categorical.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The bin edges (a copy); empty for a categorical histogram.
   *
   * @return the edges
   */
  public double[] edges() {
    return edges.clone();
  }

  /**
   * The category labels; empty for a continuous histogram.
   *
   * @return the labels
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * The counts (a copy), one per bin or category.
   *
   * @return the counts
   */
  public double[] counts() {
    return counts.clone();
  }

  @Override
  public StatType type() {
    return StatType.HISTOGRAM;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h
        && kind == h.kind
        && Arrays.equals(edges, h.edges)
        && labels.equals(h.labels)
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(edges), labels, Arrays.hashCode(counts));
  }

  @Override
  public String toString() {
    return "Histogram[" + kind + (kind == Kind.CONTINUOUS ? " edges=" + Arrays.toString(edges)
        : " labels=" + labels) + " counts=" + Arrays.toString(counts) + "]";
  }
}
