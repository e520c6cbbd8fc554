package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import java.math.BigDecimal;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Exact counts of up to {@code maxSize} distinct values in Spark's internal form ({@link
 * UTF8String}, boxed numbers, booleans): an open-addressing table that a categorical column's
 * profile updates once per value.
 *
 * <p>Why not a {@code HashMap}: a string of at most 8 bytes (most category labels) is identified
 * by its length and its first 8 bytes, one {@code long} ({@link UTF8String#getPrefix()}), so it is
 * found with one multiplication and two comparisons of numbers kept in arrays, where a {@code
 * HashMap} hashes every byte with Murmur3 and compares the bytes of the key it finds. Longer
 * strings and other values use their own {@code hashCode} and {@code equals}.
 *
 * <p>It travels as {@link #toBytes()} (format version {@value #FORMAT_VERSION}): {@code maxSize},
 * the number of values, then each value (a type tag and the value) and its count. A value of a
 * type without a tag of its own (a struct, a binary, an interval: only a column profiled as
 * categorical on request holds those) travels as its label, the {@code toString} its profile
 * shows, and comes back as a {@code String}.
 */
public final class ExactCounts {

  /** The version of {@link #toBytes()}'s format. */
  static final int FORMAT_VERSION = 1;
  private static final String WHAT = "ExactCounts";
  private static final byte STRING = 0;
  private static final byte BOOLEAN = 1;
  private static final byte BYTE = 2;
  private static final byte SHORT = 3;
  private static final byte INT = 4;
  private static final byte LONG = 5;
  private static final byte FLOAT = 6;
  private static final byte DOUBLE = 7;
  private static final byte DECIMAL = 8;
  private static final byte LABEL = 9;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** {@code lengths} entry of a key that is not a string. */
  private static final int NOT_A_STRING = -1;

  private final int maxSize;
  private Object[] keys;
  private long[] counts;
  // per slot: a string's byte length, and its first 8 bytes when it has no more, else its
  // hashCode; NOT_A_STRING and the hashCode for any other value
  private int[] lengths;
  private long[] hashes;
  private int shift;
  private int size;

  ExactCounts(int maxSize) {
    this.maxSize = maxSize;
    allocate(16);
  }

  private void allocate(int capacity) {
    keys = new Object[capacity];
    counts = new long[capacity];
    lengths = new int[capacity];
    hashes = new long[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    size = 0;
  }

  /** Distinct values counted. */
  int size() {
    return size;
  }

  /**
   * Adds {@code times} to the count of {@code value}; false, and nothing counted, when the value is
   * new and {@code maxSize} values are counted already.
   */
  boolean add(Object value, long times) {
    return value instanceof UTF8String s ? addString(s, times) : addOther(value, times);
  }

  /**
   * Never hands {@code s} to a method that is not inlined and never stores it, so the JIT can
   * skip allocating it: a string Spark reads out of a row costs no object (measured: a third of
   * the time of a lookup that keeps the object).
   */
  private boolean addString(UTF8String s, long times) {
    int length = s.numBytes();
    long hash = length <= 8 ? s.getPrefix() : s.hashCode();
    int mask = keys.length - 1;
    int slot = slot(hash, length);
    while (keys[slot] != null) {
      if (lengths[slot] == length && hashes[slot] == hash
          && (length <= 8 || sameBytes((UTF8String) keys[slot], s.getBaseObject(),
              s.getBaseOffset(), length))) {
        counts[slot] += times;
        return true;
      }
      slot = (slot + 1) & mask;
    }
    // a string may point into a row or column buffer Spark reuses: keep a copy
    return size < maxSize
        && occupy(slot, copy(s.getBaseObject(), s.getBaseOffset(), length), length, hash, times);
  }

  private boolean addOther(Object value, long times) {
    long hash = value.hashCode();
    int mask = keys.length - 1;
    int slot = slot(hash, NOT_A_STRING);
    while (keys[slot] != null) {
      if (lengths[slot] == NOT_A_STRING && hashes[slot] == hash && keys[slot].equals(value)) {
        counts[slot] += times;
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return size < maxSize && occupy(slot, value, NOT_A_STRING, hash, times);
  }

  private int slot(long hash, int length) {
    return (int) (((hash ^ length) * GOLDEN) >>> shift);
  }

  private static boolean sameBytes(UTF8String key, Object base, long offset, int length) {
    return ByteArrayMethods.arrayEquals(key.getBaseObject(), key.getBaseOffset(), base, offset,
        length);
  }

  private static UTF8String copy(Object base, long offset, int length) {
    return UTF8String.fromAddress(base, offset, length).copy();
  }

  private boolean occupy(int slot, Object key, int length, long hash, long times) {
    keys[slot] = key;
    counts[slot] = times;
    lengths[slot] = length;
    hashes[slot] = hash;
    size++;
    if (2 * size > keys.length) {
      rehash(2 * keys.length);
    }
    return true;
  }

  private void rehash(int capacity) {
    Object[] oldKeys = keys;
    long[] oldCounts = counts;
    int[] oldLengths = lengths;
    long[] oldHashes = hashes;
    allocate(capacity);
    int mask = capacity - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = slot(oldHashes[i], oldLengths[i]);
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        occupy(slot, oldKeys[i], oldLengths[i], oldHashes[i], oldCounts[i]);
      }
    }
  }

  /** Calls {@code action} with every value and its count, in no particular order. */
  void forEach(ObjLongConsumer<Object> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        action.accept(keys[i], counts[i]);
      }
    }
  }

  /** The sum over the values of their count times {@code weight(value)}. */
  long weightedSum(ToLongFunction<Object> weight) {
    long sum = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        sum += counts[i] * weight.applyAsLong(keys[i]);
      }
    }
    return sum;
  }

  /** These counts in the format of version {@value #FORMAT_VERSION}. */
  byte[] toBytes() {
    ByteWriter w = Format.begin(Format.EXACT_COUNTS, FORMAT_VERSION);
    w.writeInt(maxSize);
    w.writeInt(size);
    forEach((key, count) -> {
      writeKey(w, key);
      w.writeVarLong(count);
    });
    return w.toByteArray();
  }

  private static void writeKey(ByteWriter w, Object key) {
    if (key instanceof UTF8String s) {
      w.writeByte(STRING);
      w.writeBytes(s.getBytes());
    } else if (key instanceof Boolean b) {
      w.writeByte(BOOLEAN);
      w.writeBoolean(b);
    } else if (key instanceof Byte b) {
      w.writeByte(BYTE);
      w.writeByte(b);
    } else if (key instanceof Short s) {
      w.writeByte(SHORT);
      w.writeInt(s);
    } else if (key instanceof Integer i) {
      w.writeByte(INT);
      w.writeInt(i);
    } else if (key instanceof Long l) {
      w.writeByte(LONG);
      w.writeLong(l);
    } else if (key instanceof Float f) {
      w.writeByte(FLOAT);
      w.writeInt(Float.floatToRawIntBits(f));
    } else if (key instanceof Double d) {
      w.writeByte(DOUBLE);
      w.writeDouble(d);
    } else if (key instanceof Decimal d) {
      w.writeByte(DECIMAL);
      w.writeString(d.toJavaBigDecimal().toString());
      w.writeInt(d.precision());
      w.writeInt(d.scale());
    } else {
      w.writeByte(LABEL);
      w.writeString(key.toString());
    }
  }

  /**
   * The counts {@link #toBytes()} encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  static ExactCounts fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.EXACT_COUNTS, FORMAT_VERSION, WHAT);
    int maxSize = r.readInt("maxSize", 0, Integer.MAX_VALUE);
    int n = r.readInt("value count", 0, maxSize);
    ExactCounts counts = new ExactCounts(maxSize);
    for (int i = 0; i < n; i++) {
      Object key = readKey(r);
      counts.add(key, r.readVarLong());
      if (counts.size != i + 1) {
        throw r.invalid("a repeated value " + key);
      }
    }
    r.end();
    return counts;
  }

  private static Object readKey(ByteReader r) {
    byte tag = r.readByte();
    try {
      return switch (tag) {
        case STRING -> UTF8String.fromBytes(r.readBytes());
        case BOOLEAN -> r.readBoolean();
        case BYTE -> r.readByte();
        case SHORT -> (short) r.readInt("short value", Short.MIN_VALUE, Short.MAX_VALUE);
        case INT -> r.readInt();
        case LONG -> r.readLong();
        case FLOAT -> Float.intBitsToFloat(r.readInt());
        case DOUBLE -> r.readDouble();
        case DECIMAL -> Decimal.apply(new BigDecimal(r.readString()), r.readInt(), r.readInt());
        case LABEL -> r.readString();
        default -> throw r.invalid("unknown value tag " + tag);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw r.invalid("a bad decimal", e);
    }
  }
}
