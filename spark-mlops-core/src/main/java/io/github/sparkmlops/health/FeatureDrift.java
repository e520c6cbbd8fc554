package io.github.sparkmlops.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The drift of one column: the method that judged it, its score and threshold, the verdict, and
 * every metric computed for the column (the distribution of both sides and the distances), keyed
 * by the drift table's column names ({@code ks_statistic}, {@code js_distance}, ...; those that do
 * not apply to the column's kind are absent).
 *
 * @param column the column
 * @param method the {@link DriftMethod#key()} of the method that judged it
 * @param score the method's score: NaN when either side had no values (never drifted)
 * @param threshold the threshold the score was compared with
 * @param drifted whether the score is past the threshold
 * @param metrics every metric, by drift table column name
 */
public record FeatureDrift(String column, String method, double score, double threshold,
    boolean drifted, Map<String, Double> metrics) {

  /**
   * Keeps an unmodifiable copy of {@code metrics}, in its order.
   *
   * @param column the column
   * @param method the {@link DriftMethod#key()} of the method that judged it
   * @param score the method's score: NaN when either side had no values (never drifted)
   * @param threshold the threshold the score was compared with
   * @param drifted whether the score is past the threshold
   * @param metrics every metric, by drift table column name
   */
  public FeatureDrift {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(method, "method");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * A metric by its drift table column name, or NaN when it was not computed for this column.
   *
   * @param name the metric's column name, such as {@code ks_pvalue}
   * @return the metric's value, or NaN
   */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }
}
