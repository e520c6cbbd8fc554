package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A continuous histogram as an aggregate; see {@link io.github.sparkmlops.aggregate.MLOpsFunctions#histogram}. */
public final class HistogramAggregator extends SummaryAggregator<Double, ContinuousSummary> {

  private static final long serialVersionUID = 1L;

  public static final StructType RESULT = new StructType()
      .add("count", DataTypes.LongType, false)
      .add("nan_count", DataTypes.LongType, false)
      .add("edges", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
      .add("counts", DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  public HistogramAggregator(ContinuousSummary prototype) {
    super(prototype, RESULT);
  }

  @Override
  void add(ContinuousSummary buffer, Double input) {
    if (input != null) {
      buffer.add(input);
    }
  }

  @Override
  Row result(ContinuousSummary buffer) {
    Histogram h = buffer.histogram();
    return RowFactory.create(buffer.count(), buffer.nanCount(),
        h == null ? null : h.edges(), h == null ? null : h.counts());
  }

  /** {@code name.count} and, when there were values, the histogram {@code name}. */
  public static List<NamedStat> stats(String name, Row result) {
    List<NamedStat> out = new ArrayList<>(2);
    out.add(new NamedStat(name + ".count", new NumberValue(result.getLong(0))));
    if (!result.isNullAt(2)) {
      out.add(new NamedStat(name, Histogram.continuous(
          SummaryAggregator.doubles(result, 2), SummaryAggregator.doubles(result, 3))));
    }
    return out;
  }
}
