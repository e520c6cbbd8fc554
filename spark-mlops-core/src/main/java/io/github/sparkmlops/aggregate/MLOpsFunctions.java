package io.github.sparkmlops.aggregate;

import io.github.sparkmlops.internal.aggregate.AggregateResults;
import io.github.sparkmlops.internal.aggregate.CategoryAggregator;
import io.github.sparkmlops.internal.aggregate.HistogramAggregator;
import io.github.sparkmlops.internal.aggregate.VectorAggregator;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Aggregate expressions for {@code df.agg(...)} and {@code df.observe(...)}:
 *
 * <pre>{@code
 * Row r = df.agg(
 *     MLOpsFunctions.histogram(col("age")).as("age"),
 *     MLOpsFunctions.categoricalHistogram(col("country")).as("country"),
 *     MLOpsFunctions.vectorSummary(col("features")).as("features")).head();
 * mlops.setStat("age", r.getStruct(0));
 * }</pre>
 *
 * <p>Each returns a struct; {@link #stats(String, Row)} (and {@code MLOps.setStat(String, Row)})
 * turns one back into stats. They merge partial results in any order, so they also work in {@code
 * groupBy(...).agg(...)} and per streaming micro-batch with {@code observe}.
 */
public final class MLOpsFunctions {

  private MLOpsFunctions() {}

  /**
   * A continuous histogram with 20 automatic equal-width bins over the column's range, the same
   * bins and counts as a {@code DataProfiler} profile and a histogram accumulator of the same
   * values (see {@link ContinuousSummary}). The column is cast to double. Result: {@code
   * struct<count, nan_count, edges, counts>}.
   *
   * @param column the column to summarise
   * @return the aggregate expression
   */
  public static Column histogram(Column column) {
    return histogram(column, ContinuousSummary.automatic());
  }

  /**
   * A continuous histogram with {@code bins} automatic equal-width bins.
   *
   * @param column the column to summarise
   * @param bins the number of bins
   * @return the aggregate expression
   * @see ContinuousSummary#automatic(int)
   */
  public static Column histogram(Column column, int bins) {
    return histogram(column, ContinuousSummary.automatic(bins));
  }

  /**
   * A continuous histogram over fixed edges (exact; open-ended bins added at either side), e.g. a
   * training baseline's edges.
   *
   * @param column the column to summarise
   * @param edges the bins' edges, ascending
   * @return the aggregate expression
   */
  public static Column histogram(Column column, double... edges) {
    return histogram(column, ContinuousSummary.withEdges(edges));
  }

  private static Column histogram(Column column, ContinuousSummary prototype) {
    Require.notNull("column", column);
    return functions.udaf(new HistogramAggregator(prototype), Encoders.DOUBLE())
        .apply(column.cast(DataTypes.DoubleType));
  }

  /**
   * A categorical histogram: exact up to 1,000 distinct values, then a frequent-items sketch; the
   * top 100 values are shown. The column is cast to string. Result: {@code struct<count, missing,
   * labels, counts>}.
   *
   * @param column the column to summarise
   * @return the aggregate expression
   */
  public static Column categoricalHistogram(Column column) {
    return categoricalHistogram(column, CategorySummary.DEFAULT_MAX_EXACT,
        CategorySummary.DEFAULT_MAX_BINS);
  }

  /**
   * A categorical histogram with the given bounds; see {@link CategorySummary#create(int, int)}.
   *
   * @param column the column to summarise
   * @param maxExact the distinct values counted exactly before the sketch takes over
   * @param maxBins the most frequent values shown
   * @return the aggregate expression
   */
  public static Column categoricalHistogram(Column column, int maxExact, int maxBins) {
    Require.notNull("column", column);
    return functions.udaf(new CategoryAggregator(CategorySummary.create(maxExact, maxBins)),
        Encoders.STRING()).apply(column.cast(DataTypes.StringType));
  }

  /**
   * Vector statistics of an MLlib vector column (for an array column, pass {@code
   * org.apache.spark.ml.functions.array_to_vector(col)}): the numbers of MLlib's {@code
   * Summarizer}. Result: {@code struct<count, mean, variance, min, max, normL1, normL2,
   * numNonZeros>}, the last seven arrays of doubles.
   *
   * @param column the column to summarise
   * @return the aggregate expression
   */
  public static Column vectorSummary(Column column) {
    Require.notNull("column", column);
    StructType input = new StructType().add("v", SQLDataTypes.VectorType(), true);
    return functions.udaf(new VectorAggregator(), Encoders.row(input)).apply(column);
  }

  /**
   * The stats of one result of {@link #histogram}, {@link #categoricalHistogram} or {@link
   * #vectorSummary}, under {@code name}.
   *
   * @param name the prefix of the stats' names
   * @param result the row holding one such result
   * @return the stats, each under its name
   * @throws IllegalArgumentException if the row is not such a result
   */
  public static List<NamedStat> stats(String name, Row result) {
    Require.name("name", name);
    Require.notNull("result", result);
    return AggregateResults.stats(name, result).orElseThrow(() -> new IllegalArgumentException(
        "result must come from MLOpsFunctions.histogram, categoricalHistogram or vectorSummary; "
        + "got a row of " + (result.schema() == null ? "no schema" : result.schema().simpleString())));
  }
}
