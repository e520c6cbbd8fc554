package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.sketch.NamedStat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Recognizes the results of this library's aggregate functions (histogram, categorical histogram,
 * vector summary) by their struct type, wherever they arrive: a row of {@code agg}, an {@code
 * Observation}, a streaming progress's observed metrics.
 */
public final class AggregateResults {

  private AggregateResults() {}

  /** The stats of {@code result} under {@code name}, or empty if it is no such result. */
  public static Optional<List<NamedStat>> stats(String name, Row result) {
    StructType schema = result.schema();
    if (HistogramAggregator.RESULT.equals(schema)) {
      return Optional.of(HistogramAggregator.stats(name, result));
    }
    if (CategoryAggregator.RESULT.equals(schema)) {
      return Optional.of(CategoryAggregator.stats(name, result));
    }
    if (VectorAggregator.RESULT.equals(schema)) {
      return Optional.of(VectorAggregator.stats(name, result));
    }
    return Optional.empty();
  }
}
