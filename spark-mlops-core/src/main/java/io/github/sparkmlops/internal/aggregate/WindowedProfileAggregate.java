package io.github.sparkmlops.internal.aggregate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.immutable.Seq;

/**
 * The profile per tumbling event-time window, as one aggregate for {@code observe}: its first
 * input is the event time (a timestamp, Spark's microseconds), the others are profiled as {@link
 * ProfileAggregate} profiles them, each row into the window its time falls in. A row with a null
 * time goes to no window and is counted. Its buffer and its result are {@link WindowedProfiles}.
 * Internal; public only because Spark copies expressions reflectively.
 */
public final class WindowedProfileAggregate
    extends ProfilingAggregate<WindowedProfiles, WindowedProfileAggregate.Spec> {

  private static final long serialVersionUID = 1L;

  /**
   * What to compute.
   *
   * @param profile what to compute per profiled input (every input but the first)
   * @param windowMicros the length of a window, in microseconds
   */
  public record Spec(ProfileAggregate.Spec profile, long windowMicros) implements Serializable {

    /**
     * @throws IllegalArgumentException if the window length is not positive
     */
    public Spec {
      if (windowMicros <= 0) {
        throw new IllegalArgumentException("the window length must be positive, got "
            + windowMicros + " microseconds");
      }
    }
  }

  // bound on the first update: the inputs are only bound to rows by then
  private transient ProfileReader reader;
  private transient Expression time;
  private transient Supplier<ProfileBuffer> newWindow;

  /** For Spark's reflective copies; use {@link #column}. */
  public WindowedProfileAggregate(Seq<Expression> inputs, Spec spec, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    super(inputs, spec, mutableAggBufferOffset, inputAggBufferOffset);
  }

  /**
   * The aggregate as a column, for {@code observe}.
   *
   * @param time the event time, a timestamp column
   * @param profiled the columns {@code spec.profile()} describes, in its order
   */
  public static Column column(Column time, List<Column> profiled, Spec spec) {
    List<Column> inputs = new ArrayList<>(profiled.size() + 1);
    inputs.add(time);
    inputs.addAll(profiled);
    return column(inputs, expressions -> new WindowedProfileAggregate(expressions, spec, 0, 0));
  }

  @Override
  WindowedProfileAggregate copy(Seq<Expression> inputs, int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    return new WindowedProfileAggregate(inputs, spec(), mutableAggBufferOffset,
        inputAggBufferOffset);
  }

  @Override
  public WindowedProfiles createAggregationBuffer() {
    return new WindowedProfiles(spec().profile().columns(), spec().windowMicros());
  }

  @Override
  public WindowedProfiles update(WindowedProfiles buffer, InternalRow row) {
    if (reader == null) {
      List<Expression> inputs = inputList();
      List<Expression> profiled = inputs.subList(1, inputs.size());
      time = inputs.get(0);
      reader = new ProfileReader(profiled, spec().profile());
      newWindow = () -> spec().profile().newBuffer(profiled);
    }
    Object micros = time.eval(row);
    if (micros == null) {
      buffer.countNullTime();
    } else {
      reader.read(row, buffer.windowOf((Long) micros, newWindow));
    }
    return buffer;
  }

  @Override
  public WindowedProfiles merge(WindowedProfiles buffer, WindowedProfiles input) {
    buffer.merge(input);
    return buffer;
  }

  @Override
  public Object eval(WindowedProfiles buffer) {
    return buffer.toBytes();
  }

  @Override
  public byte[] serialize(WindowedProfiles buffer) {
    return buffer.toBytes();
  }

  @Override
  public WindowedProfiles deserialize(byte[] bytes) {
    return WindowedProfiles.fromBytes(bytes);
  }

  @Override
  public String prettyName() {
    return "mlops_windowed_profile";
  }
}
