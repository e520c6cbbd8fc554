package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.profile.ColumnKind;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.Seq;

/**
 * The Catalyst aggregate behind {@link DataProfiler#column()} ({@code agg}, {@code observe}):
 * one {@code update} per row, through a {@link ProfileReader}, visits every profiled column and
 * feeds a {@link ProfileBuffer}, reading numbers straight from Spark's row (no boxing, no
 * per-column expression), strings as Spark's own bytes. Its result is the buffer with the names
 * of its columns ({@link ProfileResult}), which {@link DataProfiler#read} and the listener turn
 * into a {@link DataProfile}.
 *
 * <p>Why not Spark's built-in aggregates: a profile assembled from {@code kll_sketch_agg_double},
 * {@code approx_count_distinct}, {@code approx_top_k} and the declarative aggregates evaluates
 * each of its ~60 expressions per row; on 10 million rows x 10 columns it took 5.6x the time of
 * this one (BENCHMARKS.md). This class is internal: build it with {@link
 * DataProfiler#column()}; it is public only because Spark copies expressions reflectively.
 */
public final class ProfileAggregate
    extends ProfilingAggregate<ProfileBuffer, ProfileAggregate.Spec> {

  private static final long serialVersionUID = 1L;

  /**
   * What to compute per input column, in input order.
   *
   * @param columns the input columns' names, which the result carries ({@link ProfileResult})
   * @param centres each numeric column's centre ({@link ProfileBuffer.Numeric#centre()}; 0 for
   *     none, and for the other kinds)
   */
  public record Spec(List<String> columns, List<ColumnKind> kinds, List<Integer> maxDistinct,
      List<Double> centres, int bins, int topValues) implements Serializable {

    public Spec {
      columns = List.copyOf(columns);
      kinds = List.copyOf(kinds);
      maxDistinct = List.copyOf(maxDistinct);
      centres = List.copyOf(centres);
    }

    /** An empty profile of these inputs. */
    ProfileBuffer newBuffer(List<Expression> inputs) {
      ProfileBuffer.Column[] columns = new ProfileBuffer.Column[kinds.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = switch (kinds.get(i)) {
          case CONTINUOUS -> new ProfileBuffer.Numeric(bins, maxDistinct.get(i), centres.get(i));
          case CATEGORICAL -> new ProfileBuffer.Categorical(topValues,
              inputs.get(i).dataType() instanceof StringType);
          case VECTOR -> new ProfileBuffer.Vectors();
          case OTHER -> new ProfileBuffer.Other();
        };
      }
      return new ProfileBuffer(columns);
    }
  }

  private transient ProfileReader reader;

  /** For Spark's reflective copies; use {@link DataProfiler#column()}. */
  public ProfileAggregate(Seq<Expression> inputs, Spec spec, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    super(inputs, spec, mutableAggBufferOffset, inputAggBufferOffset);
  }

  /** The aggregate of {@code inputs} as a column, for {@code agg} or {@code observe}. */
  public static Column column(List<Column> inputs, Spec spec) {
    return column(inputs, expressions -> new ProfileAggregate(expressions, spec, 0, 0));
  }

  @Override
  ProfileAggregate copy(Seq<Expression> inputs, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    return new ProfileAggregate(inputs, spec(), mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public ProfileBuffer createAggregationBuffer() {
    return spec().newBuffer(inputList());
  }

  @Override
  public ProfileBuffer update(ProfileBuffer buffer, InternalRow row) {
    if (reader == null) {
      reader = new ProfileReader(inputList(), spec());
    }
    reader.read(row, buffer);
    return buffer;
  }

  @Override
  public ProfileBuffer merge(ProfileBuffer buffer, ProfileBuffer input) {
    buffer.merge(input);
    return buffer;
  }

  @Override
  public Object eval(ProfileBuffer buffer) {
    return ProfileResult.of(spec().columns(), buffer).toBytes();
  }

  @Override
  public byte[] serialize(ProfileBuffer buffer) {
    return buffer.toBytes();
  }

  @Override
  public ProfileBuffer deserialize(byte[] bytes) {
    return ProfileBuffer.fromBytes(bytes);
  }

  @Override
  public String prettyName() {
    return "mlops_profile";
  }
}
