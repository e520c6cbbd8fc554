package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.util.List;
import java.util.Map;

/**
 * The {@code drift} table, append-only: one row per column and comparison of a current
 * distribution with a baseline ({@code BASELINE}) or with the previous micro-batch ({@code
 * CONSECUTIVE}), with the columns of Databricks Lakehouse Monitoring's drift table where they
 * exist, so that its users recognise them.
 */
public final class DriftTable {

  public static final String COMPARISON = "comparison";
  public static final String COLUMN_NAME = "column_name";
  public static final String DRIFT_TYPE = "drift_type";
  public static final String METHOD = "method";
  public static final String SCORE = "score";
  public static final String THRESHOLD = "threshold";
  public static final String DRIFTED = "drifted";
  public static final String BASELINE = "baseline";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";

  /**
   * The metric columns, doubles, null where a metric does not apply to the column's kind: the
   * statistics of both sides first, then the comparisons. Each with its meaning.
   */
  private static final Map<String, String> METRIC_MEANINGS = TableSpec.meanings(
      "baseline_count", "The baseline's values in the column, nulls not counted.",
      "current_count", "The current data's values in the column, nulls not counted.",
      "baseline_null_share", "The share of the baseline's rows that are null in the column.",
      "current_null_share", "The share of the current rows that are null in the column.",
      "baseline_mean", "The baseline's mean (numeric columns).",
      "current_mean", "The current mean (numeric columns).",
      "baseline_stddev", "The baseline's standard deviation (numeric columns).",
      "current_stddev", "The current standard deviation (numeric columns).",
      "ks_statistic", "Two-sample Kolmogorov-Smirnov statistic on the sketches (numeric columns).",
      "ks_pvalue", "The KS test's asymptotic p-value.",
      "ks_critical_value", "The sketch-aware rejection bound at alpha = 0.05: "
          + "`1.358·√((n+m)/nm)` widened by both sketches' error.",
      "wasserstein_distance", "W1 between the two sides (numeric columns).",
      "wasserstein_normed", "W1 / max(baseline stddev, 0.001).",
      "js_distance", "Jensen-Shannon distance (natural logarithm, 0 to √ln 2), on 10 bins at the "
          + "baseline's deciles for numeric columns, on the categories otherwise.",
      "population_stability_index", "PSI on the same bins or categories; empty shares floored "
          + "at 0.0001.",
      "chi_squared_statistic", "Chi-square goodness of fit: current counts against the "
          + "baseline's shares scaled to the current count; infinite when a category is new.",
      "chi_squared_pvalue", "The chi-square test's p-value.",
      "tv_distance", "Total variation distance on the same bins or categories.",
      "l_infinity_distance", "L-infinity distance on the same bins or categories.",
      "overlap_score", "Σ p̂q̂ / Σ p̂², capped at 1 (1 = identical, 0 = disjoint).",
      "unseen_share", "The share of current values in categories the baseline lacks "
          + "(categorical columns).");

  /** The metric columns' names, in column order. */
  public static final List<String> METRICS = List.copyOf(METRIC_MEANINGS.keySet());

  /** The table. */
  public static final TableSpec<DriftRecord> SPEC = new TableSpec<>("drift", schema(),
      TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS, TableSpec.meanings(
          COMPARISON, "The check's name (`DriftOptions.name`, default `drift`).",
          COLUMN_NAME, "The column compared.",
          DRIFT_TYPE, "`BASELINE`, or `CONSECUTIVE` (a stream's batch against the one before).",
          METHOD, "The drift method that gave the verdict (`ks`, `chisquare`, `wasserstein`, "
              + "`jensenshannon`, `psi`, `tv`, `linf`).",
          SCORE, "The method's score; null when a side had no values.",
          THRESHOLD, "The method's threshold.",
          DRIFTED, "The verdict: whether the column drifted.",
          BASELINE, "What was compared with: a `models:/NAME/VERSION` URI, a profile's name, "
              + "`dataset` or `previous batch`.",
          WINDOW_START, "The start of the event-time window compared (`monitor` with "
              + "`DriftOptions.window`); null otherwise.",
          WINDOW_END, "The end of that window; null otherwise."),
          METRIC_MEANINGS, StoreSchema.STREAM_MEANINGS, TableSpec.meanings(
          StoreSchema.MODEL_NAME, "The model whose version's training profile was the baseline, "
              + "or null.",
          StoreSchema.MODEL_VERSION, "That version, or null.")),
      DriftTable::encode);

  private DriftTable() {}

  private static StructType schema() {
    StructType columns = StoreSchema.withContext()
        .add(COMPARISON, StringType.STRING)
        .add(COLUMN_NAME, StringType.STRING)
        .add(DRIFT_TYPE, StringType.STRING)
        .add(METHOD, StringType.STRING)
        .add(SCORE, DoubleType.DOUBLE)
        .add(THRESHOLD, DoubleType.DOUBLE)
        .add(DRIFTED, BooleanType.BOOLEAN)
        .add(BASELINE, StringType.STRING)
        .add(WINDOW_START, TimestampType.TIMESTAMP)
        .add(WINDOW_END, TimestampType.TIMESTAMP);
    for (String metric : METRICS) {
      columns = columns.add(metric, DoubleType.DOUBLE);
    }
    return StoreSchema.withStream(columns).add(StoreSchema.MODEL_NAME, StringType.STRING)
        .add(StoreSchema.MODEL_VERSION, LongType.LONG);
  }

  /** The row of a record. */
  public static Object[] row(DriftRecord r) {
    return SPEC.encode(r);
  }

  private static void encode(DriftRecord r, TableSpec<DriftRecord>.RowBuilder row) {
    StoreSchema.putContext(row, r.time(), r.context(), r.writerId(), r.seq());
    row.set(COMPARISON, r.comparison())
        .set(COLUMN_NAME, r.column())
        .set(DRIFT_TYPE, r.driftType())
        .set(METHOD, r.method())
        .set(SCORE, finiteOrNull(r.score()))
        .set(THRESHOLD, r.threshold())
        .set(DRIFTED, r.drifted())
        .set(BASELINE, r.baseline())
        .set(WINDOW_START, r.windowStart() == null ? null : StoreTime.micros(r.windowStart()))
        .set(WINDOW_END, r.windowEnd() == null ? null : StoreTime.micros(r.windowEnd()))
        .set(StoreSchema.MODEL_NAME, r.model() == null ? null : r.model().name())
        .set(StoreSchema.MODEL_VERSION, r.model() == null ? null : r.model().version());
    for (String metric : METRICS) {
      Double value = r.metrics().get(metric);
      row.set(metric, value == null || Double.isNaN(value) ? null : value);
    }
    StoreSchema.putStream(row, r.stream());
  }

  /** NaN (no score: a side without values) is stored as null; infinities as they are. */
  private static Double finiteOrNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
