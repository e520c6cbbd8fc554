package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.profile.ColumnKind;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

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
public final class ProfileAggregate extends TypedImperativeAggregate<ProfileBuffer>
    implements Serializable {

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

  private final Seq<Expression> inputs;
  private final Spec spec;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient ProfileReader reader;

  /** For Spark's reflective copies; use {@link DataProfiler#column()}. */
  public ProfileAggregate(Seq<Expression> inputs, Spec spec, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    this.inputs = inputs;
    this.spec = spec;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** The aggregate of {@code inputs} as a column, for {@code agg} or {@code observe}. */
  public static Column column(List<Column> inputs, Spec spec) {
    List<Expression> expressions = inputs.stream().map(ExpressionUtils::expression).toList();
    ProfileAggregate aggregate =
        new ProfileAggregate(CollectionConverters.asScala(expressions).toSeq(), spec, 0, 0);
    return ExpressionUtils.column(aggregate.toAggregateExpression());
  }

  @Override
  public ProfileBuffer createAggregationBuffer() {
    return spec.newBuffer(CollectionConverters.asJava(inputs));
  }

  @Override
  public ProfileBuffer update(ProfileBuffer buffer, InternalRow row) {
    if (reader == null) {
      reader = new ProfileReader(CollectionConverters.asJava(inputs), spec);
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
    return ProfileResult.of(spec.columns(), buffer).toBytes();
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
  public DataType dataType() {
    return DataTypes.BinaryType;
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public String prettyName() {
    return "mlops_profile";
  }

  @Override
  public Seq<Expression> children() {
    return inputs;
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new ProfileAggregate(newChildren, spec, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public ProfileAggregate withNewMutableAggBufferOffset(int offset) {
    return new ProfileAggregate(inputs, spec, offset, inputAggBufferOffset);
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ProfileAggregate withNewInputAggBufferOffset(int offset) {
    return new ProfileAggregate(inputs, spec, mutableAggBufferOffset, offset);
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> inputs;
      case 1 -> spec;
      case 2 -> mutableAggBufferOffset;
      case 3 -> inputAggBufferOffset;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof ProfileAggregate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProfileAggregate p && inputs.equals(p.inputs) && spec.equals(p.spec)
        && mutableAggBufferOffset == p.mutableAggBufferOffset
        && inputAggBufferOffset == p.inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputs, spec, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
