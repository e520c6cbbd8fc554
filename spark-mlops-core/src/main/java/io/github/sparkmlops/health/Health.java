package io.github.sparkmlops.health;

import io.github.sparkmlops.model.GateCondition;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The health of a model's data ({@code MLOps.health()}): has the data moved away from a baseline,
 * and should someone be told? Every check profiles the current data in one pass (mergeable
 * sketches, computed where the data is) and compares the sketches with the baseline's, so neither
 * side's rows are ever collected.
 *
 * <p><b>Baselines.</b> A baseline is a stored profile, named by
 *
 * <ul>
 *   <li>a {@code models:/} URI ({@code models:/NAME/VERSION}, {@code models:/NAME/STAGE}, {@code
 *       models:/NAME@ALIAS}): the training profile recorded with that version;
 *   <li>a stat name: the last profile stored under it by {@code setDataDistributionStat(name, df)}
 *       or a stream's {@code observe}/{@code monitor};
 * </ul>
 *
 * or a {@code Dataset} profiled on the spot. The current data is compared in the baseline's terms:
 * its categories (a value the baseline never saw is counted apart: {@code unseen_share}) and, for
 * the binned distances of numeric columns, bins cut at the baseline's deciles with one more bin
 * below its minimum and one above its maximum.
 *
 * <p><b>Anomalies.</b> {@link #anomalies} judges the latest points of any stored numeric series
 * against its history with Deequ's strategies ({@link AnomalyStrategy}).
 *
 * <p><b>Results.</b> Each check returns a {@link DriftReport} and appends one row per column to the
 * {@code drift} table, stores the share of drifted columns as the stat {@code health.drift_share},
 * and reports a {@code DATA_ALERT} event naming every drifted column with its method and score.
 */
public interface Health {

  /**
   * The drift of {@code current} from {@code baseline}, both profiled now (one pass each).
   *
   * @param baseline the data taken as normal
   * @param current the data to judge
   * @return the drift, column by column
   */
  DriftReport drift(Dataset<Row> baseline, Dataset<Row> current);

  /**
   * As {@link #drift(Dataset, Dataset)}, with options.
   *
   * @param baseline the data taken as normal
   * @param current the data to judge
   * @param options the columns, methods, thresholds and share
   * @return the drift, column by column
   */
  DriftReport drift(Dataset<Row> baseline, Dataset<Row> current, DriftOptions options);

  /**
   * The drift of {@code current} from a stored baseline: a {@code models:/} URI (the version's
   * training profile) or the name of a stored profile (its last report).
   *
   * @param baseline the baseline: a {@code models:/} URI or a stored profile's name
   * @param current the data to judge
   * @return the drift, column by column
   * @throws IllegalArgumentException if there is no such baseline, it lacks a column of {@code
   *     current} (unless the options name the columns), a column's type differs from the
   *     baseline's, or {@code current} has no rows
   */
  DriftReport drift(String baseline, Dataset<Row> current);

  /**
   * As {@link #drift(String, Dataset)}, with options.
   *
   * @param baseline the baseline: a {@code models:/} URI or a stored profile's name
   * @param current the data to judge
   * @param options the columns, methods, thresholds and share
   * @return the drift, column by column
   */
  DriftReport drift(String baseline, Dataset<Row> current, DriftOptions options);

  /**
   * Compares two stored distributions, the last report of each: two pipelines' prediction
   * profiles (a canary against the production model), or a profile against a model's baseline
   * ({@code a} may be a {@code models:/} URI). Alerts on the same thresholds as {@link #drift}.
   *
   * @param a the first stored distribution's name, or a {@code models:/} URI
   * @param b the second stored distribution's name
   * @return the drift, column by column
   */
  DriftReport compare(String a, String b);

  /**
   * As {@link #compare(String, String)}, with options.
   *
   * @param a the first stored distribution's name, or a {@code models:/} URI
   * @param b the second stored distribution's name
   * @param options the columns, methods, thresholds and share
   * @return the drift, column by column
   */
  DriftReport compare(String a, String b, DriftOptions options);

  /**
   * Returns {@code stream} with its drift from {@code baseline} (a {@code models:/} URI or a stored
   * profile's name, read now) computed at every micro-batch, with no {@code foreachBatch} code: the
   * columns (every column when none are given) are profiled as the batch runs, and the listener
   * compares each batch with the baseline ({@code BASELINE} rows) and with the batch before it in
   * this application ({@code CONSECUTIVE} rows), writing each batch's rows, its {@code
   * health.drift_share} and its alert once, however often Spark runs the batch. Use the returned
   * Dataset in the query, as with {@code MLOps.observe}.
   *
   * @param stream a streaming Dataset
   * @param baseline the baseline: a {@code models:/} URI or a stored profile's name
   * @param columns the columns to compare; none: all
   * @return {@code stream}, monitored
   * @throws IllegalArgumentException if {@code stream} is not streaming, or as {@link #drift(String,
   *     Dataset)} for the baseline and columns
   * @throws IllegalStateException if no {@code MLOpsListener} reports to the application ({@code
   *     spark.mlops.listener.enabled=false} and none in {@code spark.extraListeners})
   */
  Dataset<Row> monitor(Dataset<Row> stream, String baseline, String... columns);

  /**
   * As {@link #monitor(Dataset, String, String...)}, with options (the columns among them). With
   * {@link DriftOptions#window} it compares tumbling event-time windows instead of micro-batches,
   * each once it is complete, in the batch that completes it.
   *
   * @param stream a streaming Dataset
   * @param baseline the baseline: a {@code models:/} URI or a stored profile's name
   * @param options the columns, methods, thresholds and share
   * @return {@code stream}, monitored
   * @throws IllegalArgumentException also if the window's time column is not a timestamp column
   *     of the stream
   */
  Dataset<Row> monitor(Dataset<Row> stream, String baseline, DriftOptions options);

  /**
   * A gate condition ({@code ModelRegistry.transition(name, version, stage, gate)}): {@code data}
   * (recent inference data, say) has not drifted, as a Dataset, from the training profile of the
   * version in Production when the gate is checked, or of the candidate itself when no version is
   * in Production. The check is a drift check like any other, stored under the comparison name
   * {@code gate}; the condition fails, naming the drifted columns, when the Dataset drifted.
   *
   * @param data the data that must not have drifted
   * @return the condition
   */
  GateCondition noDrift(Dataset<Row> data);

  /**
   * As {@link #noDrift(Dataset)}, with options (the columns, tests, thresholds, share).
   *
   * @param data the data that must not have drifted
   * @param options the columns, methods, thresholds and share
   * @return the condition
   */
  GateCondition noDrift(Dataset<Row> data, DriftOptions options);

  /**
   * {@link #anomalies(String, AnomalyStrategy, int)} of the series' latest point.
   *
   * @param statName the series' stat name
   * @param strategy how a point is judged
   * @return the latest point, if flagged; else an empty list
   */
  List<Anomaly> anomalies(String statName, AnomalyStrategy strategy);

  /**
   * Checks the latest points of a stored numeric time series (a KPI, {@code
   * health.drift_share}, a stream's rate: every number stored under {@code statName}, of any run,
   * in time order) against the points before them, and reports a {@code DATA_ALERT} for each
   * flagged point. Each call reports what it flags, so a point checked twice is reported twice.
   *
   * @param statName the series' stat name
   * @param strategy how a point is judged
   * @param latestPoints how many of the last points to check, 1 or more
   * @return the flagged points, oldest first
   * @throws IllegalArgumentException if there is no number stored under {@code statName}
   */
  List<Anomaly> anomalies(String statName, AnomalyStrategy strategy, int latestPoints);
}
