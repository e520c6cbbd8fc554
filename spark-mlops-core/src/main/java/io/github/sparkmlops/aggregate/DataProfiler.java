package io.github.sparkmlops.aggregate;

import io.github.sparkmlops.internal.aggregate.ProfileAggregate;
import io.github.sparkmlops.internal.aggregate.ProfileBuffer;
import io.github.sparkmlops.internal.aggregate.ProfileJob;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.sketch.ContinuousSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

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
  public static final String RESULT = "mlops_profile";

  private final StructType schema;
  private final Map<String, ColumnKind> overrides;
  private final int bins;
  private final int topValues;
  private final int categoricalMaxDistinct;

  private DataProfiler(StructType schema, Map<String, ColumnKind> overrides, int bins, int topValues,
      int categoricalMaxDistinct) {
    this.schema = schema;
    this.overrides = Map.copyOf(overrides);
    this.bins = bins;
    this.topValues = topValues;
    this.categoricalMaxDistinct = categoricalMaxDistinct;
  }

  /** A profiler of every column of {@code schema}, with the default settings. */
  public static DataProfiler forSchema(StructType schema) {
    Require.notNull("schema", schema);
    return new DataProfiler(schema, Map.of(), ContinuousSummary.DEFAULT_BINS, 20, 20);
  }

  /** Profiles these columns (numeric ones too) as categorical. */
  public DataProfiler categorical(String... columns) {
    return withKind(ColumnKind.CATEGORICAL, columns);
  }

  /** Profiles these numeric columns as continuous whatever their distinct count. */
  public DataProfiler continuous(String... columns) {
    for (String c : columns) {
      if (!(field(c).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("column '" + c + "' is "
            + field(c).dataType().simpleString() + ", not numeric: it cannot be continuous");
      }
    }
    return withKind(ColumnKind.CONTINUOUS, columns);
  }

  /** Equal-width bins of continuous histograms (default 20). */
  public DataProfiler bins(int bins) {
    if (bins < 1 || bins > 10_000) {
      throw new IllegalArgumentException("bins must be between 1 and 10000, got " + bins);
    }
    return new DataProfiler(schema, overrides, bins, topValues, categoricalMaxDistinct);
  }

  /** Most frequent values shown in categorical histograms (default 20, at most 1,000). */
  public DataProfiler topValues(int topValues) {
    if (topValues < 1 || topValues > 1_000) {
      throw new IllegalArgumentException("topValues must be between 1 and 1000, got " + topValues);
    }
    return new DataProfiler(schema, overrides, bins, topValues,
        Math.min(categoricalMaxDistinct, topValues));
  }

  /**
   * Integral columns with at most this many distinct values are profiled as categorical (default
   * 20; 0 turns the rule off). At most {@link #topValues}.
   */
  public DataProfiler categoricalMaxDistinct(int maxDistinct) {
    if (maxDistinct < 0 || maxDistinct > topValues) {
      throw new IllegalArgumentException(
          "categoricalMaxDistinct must be between 0 and topValues (" + topValues + "), got "
              + maxDistinct);
    }
    return new DataProfiler(schema, overrides, bins, topValues, maxDistinct);
  }

  private DataProfiler withKind(ColumnKind kind, String... columns) {
    Map<String, ColumnKind> o = new HashMap<>(overrides);
    for (String c : Require.notNull("columns", columns)) {
      field(c);
      o.put(c, kind);
    }
    return new DataProfiler(schema, o, bins, topValues, categoricalMaxDistinct);
  }

  private StructField field(String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no column named '" + name + "' in " + schema.simpleString());
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
   */
  public DataProfile profile(Dataset<?> df) {
    Require.notNull("df", df);
    if (df.isStreaming()) {
      throw new IllegalArgumentException("profile runs a batch job and cannot read a streaming "
          + "Dataset; profile each micro-batch with DataProfiler.observe(df, name)");
    }
    Dataset<Row> selected = df.select(inputs().toArray(new Column[0]));
    SparkSeam seam = SparkSeam.PROFILE_JOB;
    if (seam.useInternal(seam.forced(df.sparkSession().conf()))) {
      try {
        return read(ProfileJob.run(selected, spec()));
      } catch (Exception | LinkageError e) {
        // a LinkageError on the driver, or a task's, which reaches the driver as the cause of a
        // failed job (a SparkException, which Java sees as checked; anything else is rethrown)
        LinkageError cause = linkageCause(e);
        if (cause == null) {
          throw e;
        }
        seam.unavailable(cause);
      }
    }
    return read(selected.agg(column()).head());
  }

  private static LinkageError linkageCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LinkageError linkage) {
        return linkage;
      }
    }
    return null;
  }

  /** {@code df.observe(observation, column())}: profiles {@code df} while an action runs. */
  public <T> Dataset<T> observe(Dataset<T> df, Observation observation) {
    return df.observe(observation, column());
  }

  /**
   * {@code df.observe(name, column())}: for streaming queries, where each micro-batch's profile
   * arrives as {@code observedMetrics.get(name)} in a {@code StreamingQueryListener}'s progress.
   * {@code MLOpsListener} stores it with the batch's stats (as {@code MLOps#setDataDistributionStat}
   * would, under {@code name}); see also {@code MLOps#observe}.
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
   */
  public Column column() {
    return ProfileAggregate.column(inputs(), spec()).as(RESULT);
  }

  private List<Column> inputs() {
    return Arrays.stream(schema.fields()).map(f -> functions.col(quote(f.name()))).toList();
  }

  private ProfileAggregate.Spec spec() {
    StructField[] fields = schema.fields();
    List<ColumnKind> kinds = new ArrayList<>(fields.length);
    List<Integer> maxDistinct = new ArrayList<>(fields.length);
    for (StructField f : fields) {
      ColumnKind kind = declaredKind(f);
      kinds.add(kind);
      boolean rule = kind == ColumnKind.CONTINUOUS && isIntegral(f.dataType())
          && !overrides.containsKey(f.name());
      maxDistinct.add(rule ? categoricalMaxDistinct : 0);
    }
    return new ProfileAggregate.Spec(columnNames(), kinds, maxDistinct, bins, topValues);
  }

  /**
   * Reads a profile from a row holding the result of {@link #column()} (under its name {@value
   * #RESULT}), e.g. the head of {@code df.agg(...)} or {@code Observation.get()}.
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

  private DataProfile read(ProfileBuffer buffer) {
    return buffer.profile(columnNames());
  }

  private List<String> columnNames() {
    return Arrays.stream(schema.fields()).map(StructField::name).toList();
  }

  private static IllegalArgumentException notAProfile() {
    return new IllegalArgumentException("the result does not hold a profile (no binary '"
        + RESULT + "'); pass the result of df.agg/observe with column()");
  }

  private ColumnKind declaredKind(StructField f) {
    ColumnKind override = overrides.get(f.name());
    if (override != null) {
      return override;
    }
    DataType t = f.dataType();
    if (t instanceof NumericType) {
      return ColumnKind.CONTINUOUS;
    }
    if (t instanceof StringType || t instanceof BooleanType) {
      return ColumnKind.CATEGORICAL;
    }
    // by name, so that profiling works where spark-mllib is absent
    if (t instanceof UserDefinedType<?> && "vector".equals(t.typeName())
        || t instanceof ArrayType a && a.elementType() instanceof NumericType) {
      return ColumnKind.VECTOR;
    }
    return ColumnKind.OTHER;
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof NumericType && !(t instanceof DecimalType)
        && t != DataTypes.FloatType && t != DataTypes.DoubleType;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
