package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sample of several named series taken at the same time, e.g. precision per class after each
 * training epoch. Reported repeatedly under one name, it plots as one line per label.
 */
public final class MultiLineGraph implements StatValue {

  private final List<String> labels;
  private final double[] values;

  private MultiLineGraph(List<String> labels, double[] values) {
    this.labels = labels;
    this.values = values;
  }

  /**
   * One value per label; labels are distinct, each a valid name.
   *
   * @param labels the series' names
   * @param values one value per series
   * @return the value, one point per series
   */
  public static MultiLineGraph of(List<String> labels, double[] values) {
    double[] copy = Require.nonEmptyCopy("values", values);
    return new MultiLineGraph(Require.labels("labels", labels, copy.length), copy);
  }

  /**
   * The series in the map's iteration order (use a {@code LinkedHashMap} to fix it).
   *
   * @param series the values, by series name
   * @return the value, one point per series
   */
  public static MultiLineGraph of(Map<String, ? extends Number> series) {
    Require.notNull("series", series);
    return of(new ArrayList<>(series.keySet()), Require.numbers("series values", series.values()));
  }

  /**
   * The series names.
   *
   * @return the names
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * The series values, in label order (a copy).
   *
   * @return the values
   */
  public double[] values() {
    return values.clone();
  }

  @Override
  public StatType type() {
    return StatType.MULTI_LINE_GRAPH;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultiLineGraph g && labels.equals(g.labels) && Arrays.equals(values, g.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "MultiLineGraph" + labels + Arrays.toString(values);
  }
}
