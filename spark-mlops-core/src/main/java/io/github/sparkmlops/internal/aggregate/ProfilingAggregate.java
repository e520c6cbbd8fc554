package io.github.sparkmlops.internal.aggregate;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Catalyst plumbing the profile aggregates share ({@link ProfileAggregate}, {@link
 * WindowedProfileAggregate}): inputs, a serializable spec of what to compute, the buffer offsets
 * Spark sets, and the product view Spark's reflective copies use. Each is built by its public
 * constructor {@code (Seq<Expression> inputs, S spec, int mutableAggBufferOffset, int
 * inputAggBufferOffset)}, in that order, which is also its product's order; its result is bytes.
 *
 * @param <B> the aggregation buffer
 * @param <S> the spec: what to compute per input
 */
abstract class ProfilingAggregate<B, S extends Serializable> extends TypedImperativeAggregate<B>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Seq<Expression> inputs;
  private final S spec;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;

  ProfilingAggregate(Seq<Expression> inputs, S spec, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    this.inputs = inputs;
    this.spec = spec;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  /** The aggregate of this class over other inputs or at other offsets. */
  abstract ProfilingAggregate<B, S> copy(Seq<Expression> inputs, int mutableAggBufferOffset,
      int inputAggBufferOffset);

  /** An aggregate made by {@code make} from {@code inputs}, as a column for agg or observe. */
  static Column column(List<Column> inputs,
      Function<Seq<Expression>, ProfilingAggregate<?, ?>> make) {
    List<Expression> expressions = inputs.stream().map(ExpressionUtils::expression).toList();
    return ExpressionUtils.column(make.apply(CollectionConverters.asScala(expressions).toSeq())
        .toAggregateExpression());
  }

  /** The inputs, in order, as Java sees them. */
  final List<Expression> inputList() {
    return CollectionConverters.asJava(inputs);
  }

  final S spec() {
    return spec;
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
  public Seq<Expression> children() {
    return inputs;
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return copy(newChildren, mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public ProfilingAggregate<B, S> withNewMutableAggBufferOffset(int offset) {
    return copy(inputs, offset, inputAggBufferOffset);
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ProfilingAggregate<B, S> withNewInputAggBufferOffset(int offset) {
    return copy(inputs, mutableAggBufferOffset, offset);
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
    return that != null && that.getClass() == getClass();
  }

  @Override
  public boolean equals(Object o) {
    return canEqual(o) && o instanceof ProfilingAggregate<?, ?> p && inputs.equals(p.inputs)
        && spec.equals(p.spec) && mutableAggBufferOffset == p.mutableAggBufferOffset
        && inputAggBufferOffset == p.inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), inputs, spec, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
