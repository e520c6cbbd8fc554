package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A vector of numbers, optionally with one label per element (feature names, class names).
 *
 * <pre>{@code
 * VectorValue.of(0.2, 0.5, 0.3);
 * VectorValue.labelled(new double[] {0.2, 0.8}, List.of("cat", "dog"));
 * }</pre>
 */
public final class VectorValue implements StatValue {

  private final double[] values;
  private final List<String> labels;

  private VectorValue(double[] values, List<String> labels) {
    this.values = values;
    this.labels = labels;
  }

  /**
   * A vector without labels; it must have at least one element.
   *
   * @param values the elements
   * @return the value
   */
  public static VectorValue of(double... values) {
    return new VectorValue(Require.nonEmptyCopy("values", values), List.of());
  }

  /**
   * A vector with one label per element; labels are distinct, each a valid name.
   *
   * @param values the elements
   * @param labels one label per element
   * @return the value
   */
  public static VectorValue labelled(double[] values, List<String> labels) {
    double[] copy = Require.nonEmptyCopy("values", values);
    return new VectorValue(copy, Require.labels("labels", labels, copy.length));
  }

  /**
   * The elements (a copy).
   *
   * @return the elements
   */
  public double[] values() {
    return values.clone();
  }

  /**
   * The labels, empty when the vector has none.
   *
   * @return the labels
   */
  public List<String> labels() {
    return labels;
  }

  @Override
  public StatType type() {
    return StatType.VECTOR;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorValue v && Arrays.equals(values, v.values) && labels.equals(v.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(values), labels);
  }

  @Override
  public String toString() {
    return "VectorValue" + Arrays.toString(values) + (labels.isEmpty() ? "" : labels);
  }
}
