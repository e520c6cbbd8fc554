package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.sketch.Summary;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark {@link Aggregator} whose buffer is a {@link Summary} and whose result is a struct. Spark
 * keeps the buffer as an object between rows and serializes it only between partial and final
 * aggregation.
 *
 * @param <IN> the input row type
 * @param <S> the summary
 */
public abstract class SummaryAggregator<IN, S extends Summary<S>> extends Aggregator<IN, S, Row> {

  private static final long serialVersionUID = 1L;

  private final S prototype;
  private final StructType resultType;

  SummaryAggregator(S prototype, StructType resultType) {
    this.prototype = prototype.emptyCopy();
    this.resultType = resultType;
  }

  /** Adds one input to the buffer. */
  abstract void add(S buffer, IN input);

  /** The result struct of a buffer. */
  abstract Row result(S buffer);

  @Override
  public final S zero() {
    return prototype.emptyCopy();
  }

  @Override
  public final S reduce(S buffer, IN input) {
    add(buffer, input);
    return buffer;
  }

  @Override
  public final S merge(S b1, S b2) {
    b1.merge(b2);
    return b1;
  }

  @Override
  public final Row finish(S reduction) {
    return result(reduction);
  }

  /**
   * Java serialization, as Spark's public API offers no other encoder of an arbitrary class; what
   * it writes is the summary's versioned bytes, which the summary's {@code writeReplace} puts in
   * its place.
   */
  @Override
  @SuppressWarnings("unchecked")
  public final Encoder<S> bufferEncoder() {
    return Encoders.javaSerialization((Class<S>) prototype.getClass());
  }

  @Override
  public final Encoder<Row> outputEncoder() {
    return Encoders.row(resultType);
  }

  /** A result row's array of numbers. */
  public static double[] doubles(Row row, int field) {
    List<Object> values = row.getList(field);
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).doubleValue();
    }
    return out;
  }
}
