package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A categorical histogram as an aggregate; see {@link io.github.sparkmlops.aggregate.MLOpsFunctions#categoricalHistogram}. */
public final class CategoryAggregator extends SummaryAggregator<String, CategorySummary> {

  private static final long serialVersionUID = 1L;

  public static final StructType RESULT = new StructType()
      .add("count", DataTypes.LongType, false)
      .add("missing", DataTypes.LongType, false)
      .add("labels", DataTypes.createArrayType(DataTypes.StringType, false), true)
      .add("counts", DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  public CategoryAggregator(CategorySummary prototype) {
    super(prototype, RESULT);
  }

  @Override
  void add(CategorySummary buffer, String input) {
    buffer.add(input);
  }

  @Override
  Row result(CategorySummary buffer) {
    Histogram h = buffer.histogram();
    return RowFactory.create(buffer.count(), buffer.missingCount(),
        h == null ? null : h.labels().toArray(new String[0]), h == null ? null : h.counts());
  }

  /** {@code name.count}, {@code name.missing} and, when there were values, the histogram. */
  public static List<NamedStat> stats(String name, Row result) {
    List<NamedStat> out = new ArrayList<>(3);
    out.add(new NamedStat(name + ".count", new NumberValue(result.getLong(0))));
    out.add(new NamedStat(name + ".missing", new NumberValue(result.getLong(1))));
    if (!result.isNullAt(2)) {
      out.add(new NamedStat(name, Histogram.categorical(
          result.getList(2), SummaryAggregator.doubles(result, 3))));
    }
    return out;
  }
}
