package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.util.List;

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
   * statistics of both sides first, then the comparisons.
   */
  public static final List<String> METRICS = List.of(
      "baseline_count", "current_count", "baseline_null_share", "current_null_share",
      "baseline_mean", "current_mean", "baseline_stddev", "current_stddev",
      "ks_statistic", "ks_pvalue", "ks_critical_value", "wasserstein_distance",
      "wasserstein_normed", "js_distance", "population_stability_index", "chi_squared_statistic",
      "chi_squared_pvalue", "tv_distance", "l_infinity_distance", "overlap_score", "unseen_share");

  /** The table. */
  public static final TableSpec<DriftRecord> SPEC = new TableSpec<>("drift", schema(),
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
