package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.VectorSummary;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.VectorValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/** Vector statistics as an aggregate; see {@link io.github.sparkmlops.aggregate.MLOpsFunctions#vectorSummary}. */
public final class VectorAggregator extends SummaryAggregator<Row, VectorSummary> {

  private static final long serialVersionUID = 1L;

  static final String[] METRICS = {
    "mean", "variance", "min", "max", "normL1", "normL2", "numNonZeros"
  };
  public static final StructType RESULT = resultType();

  public VectorAggregator() {
    super(VectorSummary.create(), RESULT);
  }

  private static StructType resultType() {
    StructType t = new StructType().add("count", DataTypes.LongType, false);
    for (String metric : METRICS) {
      t = t.add(metric, DataTypes.createArrayType(DataTypes.DoubleType, false), true);
    }
    return t;
  }

  @Override
  void add(VectorSummary buffer, Row input) {
    if (input != null && !input.isNullAt(0)) {
      buffer.add((Vector) input.get(0));
    }
  }

  @Override
  Row result(VectorSummary s) {
    return resultRow(s);
  }

  /** The result struct of a summary, as Spark returns it: a row of {@link #RESULT}. */
  static Row resultRow(VectorSummary s) {
    if (s.isEmpty()) {
      return new GenericRowWithSchema(new Object[] {0L, null, null, null, null, null, null, null},
          RESULT);
    }
    return new GenericRowWithSchema(new Object[] {s.count(), seq(s.mean()), seq(s.variance()),
        seq(s.min()), seq(s.max()), seq(s.normL1()), seq(s.normL2()), seq(s.numNonZeros())},
        RESULT);
  }

  private static Object seq(double[] values) {
    return ArraySeq.unsafeWrapArray(values);
  }

  /** {@code name.count} and, when there were vectors, {@code name.mean}, {@code name.variance}... */
  public static List<NamedStat> stats(String name, Row result) {
    List<NamedStat> out = new ArrayList<>(8);
    out.add(new NamedStat(name + ".count", new NumberValue(result.getLong(0))));
    if (!result.isNullAt(1) && SummaryAggregator.doubles(result, 1).length > 0) {
      for (int i = 0; i < METRICS.length; i++) {
        out.add(new NamedStat(name + "." + METRICS[i],
            VectorValue.of(SummaryAggregator.doubles(result, i + 1))));
      }
    }
    return out;
  }
}
