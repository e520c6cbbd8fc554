package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.health.DriftOptions;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.internal.aggregate.ProfileBuffer;
import io.github.sparkmlops.internal.aggregate.ProfilePlan;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.profile.ColumnKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns a drift check compares, how the current data is profiled to match its baseline,
 * and the comparison of two profiles: the rules every check (batch, stored, stream) shares.
 */
final class Comparisons {

  private Comparisons() {}

  /**
   * The columns to compare: the options' columns, each in both; else every column of the current
   * data that the baseline holds as numeric or categorical (vectors and others are left out), each
   * of which the baseline must hold.
   *
   * @throws IllegalArgumentException naming the column and what each side has
   */
  static List<String> columns(Baseline baseline, List<String> currentColumns,
      DriftOptions options) {
    List<String> out = new ArrayList<>();
    if (!options.columns().isEmpty()) {
      for (String c : options.columns()) {
        if (!currentColumns.contains(c)) {
          throw new IllegalArgumentException("The current data has no column '" + c
              + "'; it has " + String.join(", ", currentColumns));
        }
        requireInBaseline(baseline, c, false);
        if (!baseline.comparable(c)) {
          throw new IllegalArgumentException("Column '" + c + "' is neither numeric nor "
              + "categorical in the baseline " + baseline.label() + ": drift compares those only");
        }
        out.add(c);
      }
      return out;
    }
    for (String c : currentColumns) {
      requireInBaseline(baseline, c, true);
      if (baseline.comparable(c)) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("No column of the current data is numeric or "
          + "categorical in the baseline " + baseline.label() + ": nothing to compare");
    }
    return out;
  }

  private static void requireInBaseline(Baseline baseline, String column, boolean implicit) {
    if (baseline.column(column).isEmpty()) {
      throw new IllegalArgumentException("The baseline " + baseline.label() + " has no column '"
          + column + "'; it has " + String.join(", ", baseline.profile().columns())
          + (implicit ? "; name the columns to compare with DriftOptions.columns(...)" : ""));
    }
  }

  /**
   * How to profile the current data's {@code columns} so that each is profiled as the baseline
   * profiled it: numeric as numeric (its sketch on the baseline's centre, so both sides' buckets
   * line up), categorical as categorical.
   *
   * @throws IllegalArgumentException if a column's type cannot be profiled as the baseline's
   */
  static ProfilePlan currentPlan(Baseline baseline, StructType current, List<String> columns) {
    StructType selected = new StructType();
    Map<String, ColumnKind> overrides = new HashMap<>();
    Map<String, Double> centres = new HashMap<>();
    for (String c : columns) {
      StructField field = current.apply(c);
      selected = selected.add(field);
      boolean numeric = field.dataType() instanceof NumericType;
      ProfileBuffer.Column state = baseline.column(c).orElseThrow();
      if (state instanceof ProfileBuffer.Numeric && !numeric) {
        throw new IllegalArgumentException("Column '" + c + "' is "
            + field.dataType().simpleString() + " in the current data but numeric in the "
            + "baseline " + baseline.label());
      }
      if (state instanceof ProfileBuffer.Numeric n) {
        centres.put(c, n.centre());
      }
      if (state instanceof ProfileBuffer.Categorical) {
        if (!numeric && !(field.dataType() instanceof StringType)
            && !(field.dataType() instanceof BooleanType)) {
          throw new IllegalArgumentException("Column '" + c + "' is "
              + field.dataType().simpleString() + " in the current data but categorical in the "
              + "baseline " + baseline.label());
        }
        if (numeric) {
          overrides.put(c, ColumnKind.CATEGORICAL);
        }
      }
    }
    ProfilePlan defaults = ProfilePlan.defaults(selected);
    return new ProfilePlan(selected, overrides, defaults.bins(), defaults.topValues(),
        defaults.categoricalMaxDistinct(), centres);
  }

  /**
   * The drift of every column of {@code current} (each held by the baseline) from the baseline.
   *
   * @param current the current data's profile, of the columns to compare
   */
  static DriftReport compare(Baseline baseline, ProfileResult current, DriftRules rules) {
    List<FeatureDrift> features = new ArrayList<>();
    for (int i = 0; i < current.columns().size(); i++) {
      String column = current.columns().get(i);
      Optional<ProfileBuffer.Column> base = baseline.column(column);
      if (base.isEmpty()) {
        requireInBaseline(baseline, column, false);
      }
      features.add(ColumnDrift.compare(column,
          new ColumnDrift.Side(base.orElseThrow(), baseline.profile().buffer().rows()),
          new ColumnDrift.Side(current.buffer().column(i), current.buffer().rows()), rules));
    }
    long drifted = features.stream().filter(FeatureDrift::drifted).count();
    double share = features.isEmpty() ? 0.0 : (double) drifted / features.size();
    double threshold = rules.driftShare();
    return new DriftReport(baseline.label(), features, share, threshold,
        !features.isEmpty() && share >= threshold);
  }
}
