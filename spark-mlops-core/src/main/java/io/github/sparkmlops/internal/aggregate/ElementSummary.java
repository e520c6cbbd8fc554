package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.sketch.CategorySummary;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.Summary;
import io.github.sparkmlops.sketch.VectorSummary;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;

/**
 * A summary that picks its kind from the first element it sees: numbers get a {@link
 * ContinuousSummary} (automatic bins), MLlib vectors (ml or mllib) and {@code double[]} a {@link
 * VectorSummary}, strings and booleans a {@link CategorySummary}. Nulls are counted and otherwise
 * reported as {@code name.nulls}. This is what {@code MLOps.setStat(name, JavaRDD)} aggregates.
 */
public final class ElementSummary implements Summary<ElementSummary> {

  private static final long serialVersionUID = 1L;
  /** The version of {@link #toBytes()}'s format. */
  static final int FORMAT_VERSION = 1;
  private static final byte NONE = 0;
  private static final byte CONTINUOUS = 1;
  private static final byte VECTOR = 2;
  private static final byte CATEGORY = 3;

  private Summary<?> delegate;
  private long nulls;

  /** An empty summary. */
  public static ElementSummary create() {
    return new ElementSummary();
  }

  /**
   * The summary of an RDD's elements, computed in one job: each task summarises its partition, and
   * the driver merges the summaries as they arrive.
   */
  public static <T> ElementSummary of(JavaRDD<T> data) {
    ElementSummary total = create();
    PartitionResults.merge(data.mapPartitions(elements -> {
      ElementSummary partition = create();
      elements.forEachRemaining(partition::add);
      return List.of(partition.toBytes()).iterator();
    }), bytes -> total.merge(fromBytes(bytes)));
    return total;
  }

  /**
   * Adds one element.
   *
   * @throws IllegalArgumentException if its type differs from the first element's, or is none of
   *     the supported ones
   */
  public ElementSummary add(Object element) {
    if (element == null) {
      nulls++;
      return this;
    }
    if (delegate == null) {
      delegate = summaryFor(element);
    }
    if (element instanceof Number n && delegate instanceof ContinuousSummary c) {
      c.add(n.doubleValue());
    } else if (element instanceof Vector v && delegate instanceof VectorSummary s) {
      s.add(v);
    } else if (element instanceof org.apache.spark.mllib.linalg.Vector v
        && delegate instanceof VectorSummary s) {
      s.add(v.asML());
    } else if (element instanceof double[] v && delegate instanceof VectorSummary s) {
      s.add(v);
    } else if ((element instanceof CharSequence || element instanceof Boolean)
        && delegate instanceof CategorySummary c) {
      c.add(element.toString());
    } else {
      throw new IllegalArgumentException("cannot mix " + element.getClass().getName()
          + " elements with the " + kind() + " elements seen first");
    }
    return this;
  }

  private static Summary<?> summaryFor(Object element) {
    if (element instanceof Number) {
      return ContinuousSummary.automatic();
    }
    if (element instanceof Vector || element instanceof org.apache.spark.mllib.linalg.Vector
        || element instanceof double[]) {
      return VectorSummary.create();
    }
    if (element instanceof CharSequence || element instanceof Boolean) {
      return CategorySummary.create();
    }
    throw new IllegalArgumentException("unsupported element type " + element.getClass().getName()
        + ": use numbers, strings, booleans, MLlib vectors or double[]");
  }

  private String kind() {
    return delegate == null ? "no" : delegate.getClass().getSimpleName();
  }

  /** The kind-specific summary, or null if only nulls (or nothing) were added. */
  public Summary<?> delegate() {
    return delegate;
  }

  @Override
  public boolean isEmpty() {
    return delegate == null && nulls == 0;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void merge(ElementSummary other) {
    nulls += other.nulls;
    if (other.delegate == null) {
      return;
    }
    if (delegate == null) {
      delegate = (Summary<?>) other.delegate.copy();
    } else if (delegate.getClass() != other.delegate.getClass()) {
      throw new IllegalArgumentException("cannot mix the " + other.kind()
          + " elements of one partition with the " + kind() + " elements of another");
    } else {
      ((Summary) delegate).merge(other.delegate);
    }
  }

  @Override
  public ElementSummary copy() {
    ElementSummary c = new ElementSummary();
    c.merge(this);
    return c;
  }

  @Override
  public ElementSummary emptyCopy() {
    return new ElementSummary();
  }

  /**
   * The delegate's stats, whose {@code name.count} counts the non-null elements, and {@code
   * name.nulls} when there were nulls. With no non-null element, only {@code name.count} = 0 (and
   * {@code name.nulls}).
   */
  @Override
  public List<NamedStat> stats(String name) {
    List<NamedStat> stats = new ArrayList<>();
    if (delegate == null) {
      stats.add(new NamedStat(name + ".count", new NumberValue(0)));
    } else {
      stats.addAll(delegate.stats(name));
    }
    if (nulls > 0) {
      stats.add(new NamedStat(name + ".nulls", new NumberValue(nulls)));
    }
    return stats;
  }

  /**
   * This summary in the format of version {@value #FORMAT_VERSION}: the header, the null count,
   * the delegate's kind and its encoding.
   */
  @Override
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.ELEMENT_SUMMARY, FORMAT_VERSION);
    w.writeLong(nulls);
    if (delegate == null) {
      w.writeByte(NONE);
    } else {
      w.writeByte(delegate instanceof ContinuousSummary ? CONTINUOUS
          : delegate instanceof VectorSummary ? VECTOR : CATEGORY);
      w.writeBytes(delegate.toBytes());
    }
    return w.toByteArray();
  }

  /**
   * The summary {@link #toBytes()} encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static ElementSummary fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.ELEMENT_SUMMARY, FORMAT_VERSION, "ElementSummary");
    ElementSummary s = new ElementSummary();
    s.nulls = r.readCount("nulls");
    byte kind = r.readByte();
    s.delegate = switch (kind) {
      case NONE -> null;
      case CONTINUOUS -> ContinuousSummary.fromBytes(r.readBytes());
      case VECTOR -> VectorSummary.fromBytes(r.readBytes());
      case CATEGORY -> CategorySummary.fromBytes(r.readBytes());
      default -> throw r.invalid("unknown element kind " + kind);
    };
    r.end();
    return s;
  }

  private Object writeReplace() {
    return new SerialProxy(AggregateDecoder.ELEMENT_SUMMARY, toBytes());
  }
}
