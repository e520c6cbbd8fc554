package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.sketch.ContinuousSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
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
 * How the columns of a schema are profiled, and the profile run: what {@code DataProfiler} decides
 * for its users, and what the library itself runs when it needs a profile's mergeable state (a
 * drift baseline, the sketches stored with a profile) rather than the {@code DataProfile} read off it.
 *
 * @param schema the profiled columns
 * @param overrides the kind of a column, where the rule by type is not wanted
 * @param bins equal-width bins of continuous histograms
 * @param topValues values named in categorical histograms
 * @param categoricalMaxDistinct integral columns with at most this many values are categorical
 */
public record ProfilePlan(StructType schema, Map<String, ColumnKind> overrides, int bins,
    int topValues, int categoricalMaxDistinct) {

  /** The name of the profile aggregate's result. */
  public static final String RESULT = "mlops_profile";

  public ProfilePlan {
    overrides = Map.copyOf(overrides);
  }

  /**
   * Every column of {@code schema} by the rule of its type, with the default settings: 20 bins,
   * 20 top values, integral columns of at most 20 values categorical.
   */
  public static ProfilePlan defaults(StructType schema) {
    return new ProfilePlan(schema, Map.of(), ContinuousSummary.DEFAULT_BINS, 20, 20);
  }

  /**
   * Profiles {@code df} (every column of the schema, selected from it) in one pass, as a Spark job
   * of its own: see {@code DataProfiler.profile}.
   */
  public ProfileResult run(Dataset<?> df) {
    if (Require.notNull("df", df).isStreaming()) {
      throw new IllegalArgumentException("profile runs a batch job and cannot read a streaming "
          + "Dataset; profile each micro-batch with DataProfiler.observe(df, name)");
    }
    Dataset<Row> selected = df.select(inputs().toArray(new Column[0]));
    SparkSeam seam = SparkSeam.PROFILE_JOB;
    if (seam.useInternal(seam.forced(df.sparkSession().conf()))) {
      try {
        return ProfileResult.of(columnNames(), ProfileJob.run(selected, spec()));
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
    return ProfileResult.fromBytes((byte[]) selected.agg(column()).head().get(0));
  }

  private static LinkageError linkageCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LinkageError linkage) {
        return linkage;
      }
    }
    return null;
  }

  /** The profile as one aggregate expression named {@link #RESULT}. */
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
      ColumnKind kind = kind(f);
      kinds.add(kind);
      boolean rule = kind == ColumnKind.CONTINUOUS && isIntegral(f.dataType())
          && !overrides.containsKey(f.name());
      maxDistinct.add(rule ? categoricalMaxDistinct : 0);
    }
    return new ProfileAggregate.Spec(columnNames(), kinds, maxDistinct, bins, topValues);
  }

  /** The profiled columns' names, in order. */
  public List<String> columnNames() {
    return Arrays.stream(schema.fields()).map(StructField::name).toList();
  }

  /** The kind a column is profiled as: its override, else the rule by its type. */
  public ColumnKind kind(StructField f) {
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
