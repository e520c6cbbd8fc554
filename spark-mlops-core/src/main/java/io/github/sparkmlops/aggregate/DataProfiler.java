package io.github.sparkmlops.aggregate;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.kll_sketch_agg_double;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.Require;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.VectorUDT;
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
import scala.jdk.javaapi.CollectionConverters;

/**
 * Profiles every column of a Dataset in one pass, with Spark's own aggregates and sketches where
 * they serve: {@code count}, {@code min}, {@code max}, {@code avg}, {@code stddev_samp}, {@code
 * kll_sketch_agg_double} (quantiles and histogram), {@code approx_count_distinct} (HyperLogLog++)
 * and {@code approx_top_k}; and {@link MLOpsFunctions#vectorSummary} for vectors.
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
 * <p><b>Which kind a column gets</b> ({@link Kind}):
 *
 * <ul>
 *   <li>numeric types: {@code CONTINUOUS} (count, missing, zeros, NaN, min, max, mean, stddev,
 *       quantiles, equal-width histogram), except that an integral column ({@code byte, short,
 *       int, long}) with at most {@link #categoricalMaxDistinct} distinct values (20 by default,
 *       by HyperLogLog estimate) gets a categorical histogram of its values instead;
 *   <li>strings and booleans: {@code CATEGORICAL} (count, missing, distinct estimate, average
 *       length, histogram of the {@link #topValues} most frequent values plus {@code __other__});
 *   <li>MLlib vectors and numeric arrays: {@code VECTOR} (vector statistics);
 *   <li>anything else: {@code OTHER} (count and missing only).
 * </ul>
 *
 * <p>{@link #categorical(String...)} and {@link #continuous(String...)} override the rule per
 * column. Instances are immutable.
 */
public final class DataProfiler {

  /** How a column is profiled. */
  public enum Kind {
    CONTINUOUS,
    CATEGORICAL,
    VECTOR,
    OTHER
  }

  /** The ranks of {@link ColumnProfile#quantiles()}. */
  public static final double[] QUANTILE_RANKS = {0.05, 0.25, 0.5, 0.75, 0.95};
  private static final String ROWS = "_mlops_rows";
  private static final String OTHER_LABEL = "__other__";

  private final StructType schema;
  private final Map<String, Kind> overrides;
  private final int bins;
  private final int topValues;
  private final int categoricalMaxDistinct;

  private DataProfiler(StructType schema, Map<String, Kind> overrides, int bins, int topValues,
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
    return withKind(Kind.CATEGORICAL, columns);
  }

  /** Profiles these numeric columns as continuous whatever their distinct count. */
  public DataProfiler continuous(String... columns) {
    for (String c : columns) {
      if (!(field(c).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("column '" + c + "' is "
            + field(c).dataType().simpleString() + ", not numeric: it cannot be continuous");
      }
    }
    return withKind(Kind.CONTINUOUS, columns);
  }

  /** Equal-width bins of continuous histograms (default 20). */
  public DataProfiler bins(int bins) {
    ContinuousSummary.automatic(bins, ContinuousSummary.DEFAULT_K);
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

  private DataProfiler withKind(Kind kind, String... columns) {
    Map<String, Kind> o = new HashMap<>(overrides);
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

  /** Profiles {@code df} with one aggregation (one pass over its data). */
  public DataProfile profile(Dataset<?> df) {
    Require.notNull("df", df);
    List<Column> columns = columns();
    Row row = df.agg(columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0]))
        .head();
    return read(row);
  }

  /** {@code df.observe(observation, columns())}: profiles {@code df} while an action runs. */
  public <T> Dataset<T> observe(Dataset<T> df, Observation observation) {
    List<Column> c = columns();
    return df.observe(observation, c.get(0), c.subList(1, c.size()).toArray(new Column[0]));
  }

  /**
   * {@code df.observe(name, columns())}: for streaming queries, where each micro-batch's profile
   * arrives as {@code observedMetrics.get(name)} in a {@code StreamingQueryListener}'s progress.
   */
  public <T> Dataset<T> observe(Dataset<T> df, String name) {
    List<Column> c = columns();
    return df.observe(name, c.get(0), c.subList(1, c.size()).toArray(new Column[0]));
  }

  /**
   * The aggregate expressions of the profile, for {@code df.agg(...)} or {@code
   * df.observe(...)}; read their result with {@link #read(Row)}. The first counts rows.
   */
  public List<Column> columns() {
    List<Column> out = new ArrayList<>();
    out.add(count(lit(1)).as(ROWS));
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      Column c = functions.col(quote(f.name()));
      String p = "_mlops_" + i + "_";
      out.add(count(c).as(p + "count"));
      switch (declaredKind(f)) {
        case CONTINUOUS -> {
          Column d = c.cast(DataTypes.DoubleType);
          Column valid = when(not(isnan(d)), d);
          out.add(count(when(d.equalTo(0.0), true)).as(p + "zeros"));
          out.add(count(when(isnan(d), true)).as(p + "nan"));
          out.add(min(valid).as(p + "min"));
          out.add(max(valid).as(p + "max"));
          out.add(avg(valid).as(p + "mean"));
          out.add(stddev_samp(valid).as(p + "stddev"));
          out.add(kll_sketch_agg_double(valid).as(p + "kll"));
          if (isIntegral(f.dataType()) && categoricalMaxDistinct > 0
              && !overrides.containsKey(f.name())) {
            out.add(approx_count_distinct(c).as(p + "distinct"));
            out.add(topK(c).as(p + "top"));
          }
        }
        case CATEGORICAL -> {
          Column s = c.cast(DataTypes.StringType);
          out.add(approx_count_distinct(s).as(p + "distinct"));
          out.add(topK(s).as(p + "top"));
          if (f.dataType() instanceof StringType) {
            out.add(avg(length(s)).as(p + "avglen"));
          }
        }
        case VECTOR -> out.add(MLOpsFunctions.vectorSummary(f.dataType() instanceof ArrayType
            ? org.apache.spark.ml.functions.array_to_vector(c) : c).as(p + "vector"));
        case OTHER -> { }
        default -> throw new IllegalStateException();
      }
    }
    return out;
  }

  private Column topK(Column c) {
    return functions.call_function("approx_top_k", c, lit(topValues), lit(10_000));
  }

  /**
   * Reads a profile from a row holding (at least) the result of {@link #columns()}, e.g. {@code
   * Observation.get()} or the head of {@code df.agg(...)}.
   */
  public DataProfile read(Row row) {
    Require.notNull("row", row);
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : row.schema().fieldNames()) {
      values.put(name, row.get(row.fieldIndex(name)));
    }
    return read(values);
  }

  /**
   * Reads a profile from named results holding (at least) those of {@link #columns()}, e.g. {@code
   * Observation.getAsJava()} or a streaming progress's {@code observedMetrics} row as a map.
   */
  public DataProfile read(Map<String, ?> values) {
    Require.notNull("values", values);
    if (!values.containsKey(ROWS)) {
      throw new IllegalArgumentException("the row does not hold this profiler's aggregates "
          + "(no " + ROWS + " column); pass the result of df.agg/observe with columns()");
    }
    long rows = ((Number) values.get(ROWS)).longValue();
    List<ColumnProfile> profiles = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      profiles.add(readColumn(fields[i], "_mlops_" + i + "_", values, rows));
    }
    return new DataProfile(rows, profiles);
  }

  private ColumnProfile readColumn(StructField f, String p, Map<String, ?> v, long rows) {
    long count = asLong(v.get(p + "count"));
    long missing = rows - count;
    Kind kind = declaredKind(f);
    switch (kind) {
      case CONTINUOUS -> {
        long nan = asLong(v.get(p + "nan"));
        Long distinct = v.containsKey(p + "distinct") ? asLong(v.get(p + "distinct")) : null;
        List<Double> quantiles = null;
        Histogram histogram = null;
        byte[] kll = (byte[]) v.get(p + "kll");
        if (kll != null) {
          ContinuousSummary sketch = ContinuousSummary.fromKllBytes(kll, bins, nan);
          quantiles = new ArrayList<>();
          for (double r : QUANTILE_RANKS) {
            quantiles.add(sketch.quantile(r));
          }
          histogram = sketch.histogram();
        }
        if (distinct != null && distinct <= categoricalMaxDistinct && count > 0) {
          kind = Kind.CATEGORICAL;
          histogram = topHistogram(v.get(p + "top"), count);
        }
        return new ColumnProfile(f.name(), kind, count, missing, asLong(v.get(p + "zeros")), nan,
            asDouble(v.get(p + "min")), asDouble(v.get(p + "max")), asDouble(v.get(p + "mean")),
            asDouble(v.get(p + "stddev")), quantiles, distinct, null, histogram, null);
      }
      case CATEGORICAL -> {
        return new ColumnProfile(f.name(), kind, count, missing, null, null, null, null, null,
            null, null, asLong(v.get(p + "distinct")), asDouble(v.get(p + "avglen")),
            count == 0 ? null : topHistogram(v.get(p + "top"), count), null);
      }
      case VECTOR -> {
        return new ColumnProfile(f.name(), kind, count, missing, null, null, null, null, null,
            null, null, null, null, null, (Row) v.get(p + "vector"));
      }
      default -> {
        return new ColumnProfile(f.name(), kind, count, missing, null, null, null, null, null,
            null, null, null, null, null, null);
      }
    }
  }

  /** approx_top_k's array of (item, count) structs as a histogram, the rest in {@code __other__}. */
  private static Histogram topHistogram(Object top, long count) {
    Map<String, Long> bins = new LinkedHashMap<>();
    long shown = 0;
    for (Object o : CollectionConverters.asJava((scala.collection.Seq<?>) top)) {
      Row item = (Row) o;
      if (item.isNullAt(0)) {
        continue;
      }
      long c = item.getLong(1);
      bins.merge(String.valueOf(item.get(0)), c, Long::sum);
      shown += c;
    }
    if (shown < count) {
      bins.merge(OTHER_LABEL, count - shown, Long::sum);
    }
    return bins.isEmpty() ? null : Histogram.categorical(bins);
  }

  private Kind declaredKind(StructField f) {
    Kind override = overrides.get(f.name());
    if (override != null) {
      return override;
    }
    DataType t = f.dataType();
    if (t instanceof NumericType) {
      return Kind.CONTINUOUS;
    }
    if (t instanceof StringType || t instanceof BooleanType) {
      return Kind.CATEGORICAL;
    }
    if (t instanceof VectorUDT
        || t instanceof ArrayType a && a.elementType() instanceof NumericType) {
      return Kind.VECTOR;
    }
    return Kind.OTHER;
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof NumericType && !(t instanceof DecimalType)
        && t != DataTypes.FloatType && t != DataTypes.DoubleType;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static long asLong(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  private static Double asDouble(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }
}
