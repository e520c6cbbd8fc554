package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.serde.SerialProxy;
import io.github.sparkmlops.value.NumberValue;
import java.util.List;

/**
 * A count. Reports the number {@code name}. {@link #toBytes()} is the versioned format it is
 * stored and sent in; Java serialization writes those bytes too.
 *
 * @serial exclude
 */
public final class CountSummary implements Summary<CountSummary> {

  private static final long serialVersionUID = 1L;
  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;

  private long count;

  /**
   * A zero count.
   *
   * @return the summary
   */
  public static CountSummary create() {
    return new CountSummary();
  }

  /**
   * Adds {@code n}, which may be negative.
   *
   * @param n the amount to add
   */
  public void add(long n) {
    count += n;
  }

  /**
   * The count.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public void merge(CountSummary other) {
    count += other.count;
  }

  @Override
  public CountSummary copy() {
    CountSummary c = new CountSummary();
    c.count = count;
    return c;
  }

  @Override
  public CountSummary emptyCopy() {
    return new CountSummary();
  }

  @Override
  public List<NamedStat> stats(String name) {
    return List.of(new NamedStat(name, new NumberValue(count)));
  }

  /** This count in the format of version {@value #FORMAT_VERSION}: the header and the count. */
  @Override
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.COUNT_SUMMARY, FORMAT_VERSION);
    w.writeLong(count);
    return w.toByteArray();
  }

  /**
   * The count {@link #toBytes()} encoded.
   *
   * @param bytes bytes {@link #toBytes()} wrote
   * @return the summary
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static CountSummary fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.COUNT_SUMMARY, FORMAT_VERSION, "CountSummary");
    CountSummary c = new CountSummary();
    // a count may be negative: add(n) takes negative n
    c.count = r.readLong();
    r.end();
    return c;
  }

  private Object writeReplace() {
    return new SerialProxy(SummaryDecoder.COUNT, toBytes());
  }
}
