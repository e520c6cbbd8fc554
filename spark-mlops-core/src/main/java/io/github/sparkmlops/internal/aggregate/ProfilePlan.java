package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.sketch.ContinuousSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * @param centres the centre of a numeric column's sketch ({@link ProfileBuffer.Numeric#centre()}),
 *     by column name; a column absent is not centred
 */
public record ProfilePlan(StructType schema, Map<String, ColumnKind> overrides, int bins,
    int topValues, int categoricalMaxDistinct, Map<String, Double> centres) {

  /** The name of the profile aggregate's result. */
  public static final String RESULT = "mlops_profile";

  /**
   * @throws IllegalArgumentException if a centre is not finite
   */
  public ProfilePlan {
    overrides = Map.copyOf(overrides);
    centres = Map.copyOf(centres);
    centres.forEach((column, centre) -> {
      if (!Double.isFinite(centre)) {
        throw new IllegalArgumentException("the centre of column '" + column
            + "' must be finite, got " + centre);
      }
    });
  }

  /** A plan of uncentred columns. */
  public ProfilePlan(StructType schema, Map<String, ColumnKind> overrides, int bins,
      int topValues, int categoricalMaxDistinct) {
    this(schema, overrides, bins, topValues, categoricalMaxDistinct, Map.of());
  }

  /**
   * Every column of {@code schema} by the rule of its type, with the default settings: 20 bins,
   * 20 top values, integral columns of at most 20 values categorical.
   */
  public static ProfilePlan defaults(StructType schema) {
    return new ProfilePlan(schema, Map.of(), ContinuousSummary.DEFAULT_BINS, 20, 20);
  }

  /** This plan with the numeric columns' sketches centred on {@code centres} (by column name). */
  public ProfilePlan withCentres(Map<String, Double> centres) {
    return new ProfilePlan(schema, overrides, bins, topValues, categoricalMaxDistinct, centres);
  }

  /**
   * This plan with each numeric column centred on its value in one row of {@code df} (its first,
   * read with {@code limit(1)}: a small job, not a pass over the data). A value near the column's
   * bulk is all a centre needs: the sketch is then as fine around the data as it is around 0. A
   * null, NaN or infinite value, or an empty {@code df}, leaves the column uncentred.
   *
   * @throws IllegalArgumentException if {@code df} is streaming, as {@link #run} does
   */
  public ProfilePlan centredOn(Dataset<?> df) {
    requireBatch(df);
    List<String> numeric = Arrays.stream(schema.fields())
        .filter(f -> kind(f) == ColumnKind.CONTINUOUS && f.dataType() instanceof NumericType)
        .map(StructField::name)
        .toList();
    if (numeric.isEmpty()) {
      return this;
    }
    Column[] columns = numeric.stream().map(c -> functions.col(quote(c))).toArray(Column[]::new);
    List<Row> first = df.select(columns).limit(1).collectAsList();
    Map<String, Double> found = new HashMap<>();
    for (int i = 0; !first.isEmpty() && i < numeric.size(); i++) {
      Object v = first.get(0).get(i);
      double centre = v instanceof Number n ? n.doubleValue() : Double.NaN;
      if (Double.isFinite(centre) && centre != 0) {
        found.put(numeric.get(i), centre);
      }
    }
    return withCentres(found);
  }

  /**
   * Profiles {@code df} (every column of the schema, selected from it) in one pass, as a Spark job
   * of its own: see {@code DataProfiler.profile}.
   */
  public ProfileResult run(Dataset<?> df) {
    requireBatch(df);
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

  private static void requireBatch(Dataset<?> df) {
    if (Require.notNull("df", df).isStreaming()) {
      throw new IllegalArgumentException("profile runs a batch job and cannot read a streaming "
          + "Dataset; profile each micro-batch with DataProfiler.observe(df, name)");
    }
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

  /**
   * The profile per tumbling window of {@code windowMicros} microseconds of the timestamp column
   * {@code timeColumn}, as one aggregate expression named {@link #RESULT}: its result is {@link
   * WindowedProfiles}' bytes.
   */
  public Column windowedColumn(String timeColumn, long windowMicros) {
    return WindowedProfileAggregate.column(functions.col(quote(timeColumn)), inputs(),
        new WindowedProfileAggregate.Spec(spec(), windowMicros)).as(RESULT);
  }

  private List<Column> inputs() {
    return Arrays.stream(schema.fields()).map(f -> functions.col(quote(f.name()))).toList();
  }

  private ProfileAggregate.Spec spec() {
    StructField[] fields = schema.fields();
    List<ColumnKind> kinds = new ArrayList<>(fields.length);
    List<Integer> maxDistinct = new ArrayList<>(fields.length);
    List<Double> columnCentres = new ArrayList<>(fields.length);
    for (StructField f : fields) {
      ColumnKind kind = kind(f);
      kinds.add(kind);
      boolean rule = kind == ColumnKind.CONTINUOUS && isIntegral(f.dataType())
          && !overrides.containsKey(f.name());
      maxDistinct.add(rule ? categoricalMaxDistinct : 0);
      columnCentres.add(kind == ColumnKind.CONTINUOUS ? centres.getOrDefault(f.name(), 0.0) : 0.0);
    }
    return new ProfileAggregate.Spec(columnNames(), kinds, maxDistinct, columnCentres, bins,
        topValues);
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
