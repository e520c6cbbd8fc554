package io.github.sparkmlops.aggregate;

import io.github.sparkmlops.internal.aggregate.ProfilePlan;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.profile.DataProfile;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Profiles every column of a Dataset in one pass: {@link #profile} as a job of its own (reading
 * column batches where the scan has them), or {@link #column()}, one aggregate expression for
 * {@code agg} and {@code observe}; both visit every column of a row at once and give the same
 * profile. Numeric columns keep exact moments and a
 * {@link io.github.sparkmlops.internal.sketch.LogBucketSketch} (quantiles within 0.4% of the value,
 * histogram); categorical ones exact counts up to 1,000 distinct values, then frequent-items and
 * HyperLogLog sketches; vectors {@link MLOpsFunctions#vectorSummary}'s statistics. The state is
 * bounded whatever the data size.
 *
 * <pre>{@code
 * DataProfile p = DataProfiler.forSchema(df.schema()).profile(df);       // one pass
 * // or inside another action, also per streaming micro-batch:
 * DataProfiler profiler = DataProfiler.forSchema(df.schema());
 * Observation obs = new Observation("profile");
 * profiler.observe(df, obs).write().parquet(out);                        // the same pass
 * DataProfile p = profiler.read(obs.getAsJava());
 * }</pre>
 *
 * <p><b>Which kind a column gets</b> ({@link ColumnKind}):
 *
 * <ul>
 *   <li>numeric types: {@code CONTINUOUS} (count, missing, zeros, NaN, min, max, mean, stddev,
 *       quantiles, equal-width histogram), except that an integral column ({@code byte, short,
 *       int, long}) with at most {@link #categoricalMaxDistinct} distinct values (20 by default,
 *       counted exactly) gets a categorical histogram of its values instead;
 *   <li>strings and booleans: {@code CATEGORICAL} (count, missing, distinct count, exact up to
 *       1,000 and then a HyperLogLog estimate, average length, histogram of the {@link
 *       #topValues} most frequent values plus {@code __other__});
 *   <li>MLlib vectors and numeric arrays: {@code VECTOR} (vector statistics);
 *   <li>anything else: {@code OTHER} (count and missing only).
 * </ul>
 *
 * <p>{@link #categorical(String...)} and {@link #continuous(String...)} override the rule per
 * column. Instances are immutable.
 */
public final class DataProfiler {

  /** The name of {@link #column()}'s result. */
  public static final String RESULT = ProfilePlan.RESULT;

  private final ProfilePlan plan;

  private DataProfiler(ProfilePlan plan) {
    this.plan = plan;
  }

  /**
   * A profiler of every column of {@code schema}, with the default settings.
   *
   * @param schema the schema of the data to profile
   * @return the profiler
   */
  public static DataProfiler forSchema(StructType schema) {
    Require.notNull("schema", schema);
    return new DataProfiler(ProfilePlan.defaults(schema));
  }

  /**
   * Profiles these columns (numeric ones too) as categorical.
   *
   * @param columns the columns' names
   * @return this profiler, to chain calls
   */
  public DataProfiler categorical(String... columns) {
    return withKind(ColumnKind.CATEGORICAL, columns);
  }

  /**
   * Profiles these numeric columns as continuous whatever their distinct count.
   *
   * @param columns the columns' names
   * @return this profiler, to chain calls
   */
  public DataProfiler continuous(String... columns) {
    for (String c : columns) {
      if (!(field(c).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("column '" + c + "' is "
            + field(c).dataType().simpleString() + ", not numeric: it cannot be continuous");
      }
    }
    return withKind(ColumnKind.CONTINUOUS, columns);
  }

  /**
   * Equal-width bins of continuous histograms (default 20).
   *
   * @param bins the number of bins
   * @return this profiler, to chain calls
   */
  public DataProfiler bins(int bins) {
    if (bins < 1 || bins > 10_000) {
      throw new IllegalArgumentException("bins must be between 1 and 10000, got " + bins);
    }
    return new DataProfiler(new ProfilePlan(plan.schema(), plan.overrides(), bins,
        plan.topValues(), plan.categoricalMaxDistinct()));
  }

  /**
   * Most frequent values shown in categorical histograms (default 20, at most 1,000).
   *
   * @param topValues the number of values
   * @return this profiler, to chain calls
   */
  public DataProfiler topValues(int topValues) {
    if (topValues < 1 || topValues > 1_000) {
      throw new IllegalArgumentException("topValues must be between 1 and 1000, got " + topValues);
    }
    return new DataProfiler(new ProfilePlan(plan.schema(), plan.overrides(), plan.bins(),
        topValues, Math.min(plan.categoricalMaxDistinct(), topValues)));
  }

  /**
   * Integral columns with at most this many distinct values are profiled as categorical (default
   * 20; 0 turns the rule off). At most {@link #topValues}.
   *
   * @param maxDistinct the largest distinct count profiled as categorical
   * @return this profiler, to chain calls
   */
  public DataProfiler categoricalMaxDistinct(int maxDistinct) {
    if (maxDistinct < 0 || maxDistinct > plan.topValues()) {
      throw new IllegalArgumentException(
          "categoricalMaxDistinct must be between 0 and topValues (" + plan.topValues()
              + "), got " + maxDistinct);
    }
    return new DataProfiler(new ProfilePlan(plan.schema(), plan.overrides(), plan.bins(),
        plan.topValues(), maxDistinct));
  }

  private DataProfiler withKind(ColumnKind kind, String... columns) {
    Map<String, ColumnKind> o = new HashMap<>(plan.overrides());
    for (String c : Require.notNull("columns", columns)) {
      field(c);
      o.put(c, kind);
    }
    return new DataProfiler(new ProfilePlan(plan.schema(), o, plan.bins(), plan.topValues(),
        plan.categoricalMaxDistinct()));
  }

  private StructField field(String name) {
    for (StructField f : plan.schema().fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no column named '" + name + "' in "
        + plan.schema().simpleString());
  }

  /**
   * Profiles {@code df} in one pass over its data, as a Spark job of its own. Where the data comes
   * straight from a scan that produces column batches (Parquet or ORC files; a cache whose columns
   * are all numeric or boolean), the batches are read a column at a time, without the row Spark's
   * aggregates need; otherwise the rows are read as {@link #column()} reads them. {@code df}
   * must be a batch Dataset of classic Spark; profile a streaming one per micro-batch with {@link
   * #observe(Dataset, String)}. Where Spark's plan classes are not those this jar was built
   * against (a vendor runtime), or {@code spark.mlops.fallback.profileJob=true}, the profile runs
   * as {@code df.agg(column())} instead: the same profile, as one aggregate.
   *
   * @param df the data to profile
   * @return the profile
   */
  public DataProfile profile(Dataset<?> df) {
    return plan.run(df).profile();
  }

  /**
   * {@code df.observe(observation, column())}: profiles {@code df} while an action runs.
   *
   * @param <T> the type of the Dataset's rows
   * @param df the data to profile
   * @param observation the observation that receives the profile
   * @return {@code df}, observed
   */
  public <T> Dataset<T> observe(Dataset<T> df, Observation observation) {
    return df.observe(observation, column());
  }

  /**
   * {@code df.observe(name, column())}: for streaming queries, where each micro-batch's profile
   * arrives as {@code observedMetrics.get(name)} in a {@code StreamingQueryListener}'s progress.
   * {@code MLOpsListener} stores it with the batch's stats (as {@code MLOps#setDataDistributionStat}
   * would, under {@code name}); see also {@code MLOps#observe}.
   *
   * @param <T> the type of the Dataset's rows
   * @param df the data to profile
   * @param name the observation's name, unique among the query's observations
   * @return {@code df}, observed
   */
  public <T> Dataset<T> observe(Dataset<T> df, String name) {
    Require.notNull("df", df);
    Require.name("name", name);
    return df.observe(name, column());
  }

  /**
   * The profile as one aggregate expression named {@value #RESULT}, for {@code df.agg(...)} or
   * {@code df.observe(...)} next to other aggregates; read its (binary) result with {@link
   * #read(Row)}. The result carries the names of the profiled columns, so that a profile found on
   * its own (in a streaming query's progress, which {@code MLOpsListener} stores) is decoded with
   * its own columns.
   *
   * @return the aggregate expression
   */
  public Column column() {
    return plan.column();
  }

  /**
   * Reads a profile from a row holding the result of {@link #column()} (under its name {@value
   * #RESULT}), e.g. the head of {@code df.agg(...)} or {@code Observation.get()}.
   *
   * @param row the row holding the result
   * @return the profile
   */
  public DataProfile read(Row row) {
    Require.notNull("row", row);
    if (!Arrays.asList(row.schema().fieldNames()).contains(RESULT)) {
      throw notAProfile();
    }
    return read(Map.of(RESULT, row.get(row.fieldIndex(RESULT))));
  }

  /**
   * Reads a profile from named results holding that of {@link #column()} (under {@value #RESULT}),
   * e.g. {@code Observation.getAsJava()} or a streaming progress's {@code observedMetrics} row as a
   * map.
   *
   * @param values the named results
   * @return the profile
   * @throws IllegalArgumentException if the result is not a profile, or a profile of other columns
   *     than this profiler's
   */
  public DataProfile read(Map<String, ?> values) {
    Require.notNull("values", values);
    if (!(values.get(RESULT) instanceof byte[] bytes)) {
      throw notAProfile();
    }
    ProfileResult result = ProfileResult.fromBytes(bytes, columnNames());
    if (!result.columns().equals(columnNames())) {
      throw new IllegalArgumentException("the result is a profile of the columns "
          + result.columns() + ", not of this profiler's " + columnNames()
          + "; read it with the profiler that made it");
    }
    return result.profile();
  }

  private List<String> columnNames() {
    return plan.columnNames();
  }

  private static IllegalArgumentException notAProfile() {
    return new IllegalArgumentException("the result does not hold a profile (no binary '"
        + RESULT + "'); pass the result of df.agg/observe with column()");
  }
}
