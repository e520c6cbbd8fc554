package io.github.sparkmlops.health;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The drift of a Dataset from its baseline, column by column, and the verdict on the whole: the
 * Dataset drifted when the share of drifted columns reaches the drift share threshold (0.5 unless
 * set), as in Evidently's data drift preset.
 *
 * @param baseline what the data was compared with: a {@code models:/} URI, a stored profile's
 *     name, or {@code dataset}
 * @param features one per compared column, in the current data's column order
 * @param driftShare the share of compared columns that drifted (0 when none were compared)
 * @param driftShareThreshold the share at which the Dataset counts as drifted
 * @param drifted whether {@code driftShare >= driftShareThreshold}
 */
public record DriftReport(String baseline, List<FeatureDrift> features, double driftShare,
    double driftShareThreshold, boolean drifted) {

  /**
   * Keeps an unmodifiable copy of {@code features}.
   *
   * @param baseline what the data was compared with: a {@code models:/} URI, a stored profile's
   *     name, or {@code dataset}
   * @param features one per compared column, in the current data's column order
   * @param driftShare the share of compared columns that drifted (0 when none were compared)
   * @param driftShareThreshold the share at which the Dataset counts as drifted
   * @param drifted whether {@code driftShare >= driftShareThreshold}
   */
  public DriftReport {
    features = List.copyOf(features);
  }

  /**
   * The drift of one column.
   *
   * @param column the column's name
   * @return its drift
   * @throws IllegalArgumentException naming the compared columns, if {@code column} is not one
   */
  public FeatureDrift feature(String column) {
    return features.stream().filter(f -> f.column().equals(column)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No column '" + column
            + "' was compared; the compared columns are "
            + features.stream().map(FeatureDrift::column).collect(Collectors.joining(", "))));
  }

  /**
   * The columns that drifted, in order.
   *
   * @return the drifted columns' drift
   */
  public List<FeatureDrift> driftedFeatures() {
    return features.stream().filter(FeatureDrift::drifted).toList();
  }
}
