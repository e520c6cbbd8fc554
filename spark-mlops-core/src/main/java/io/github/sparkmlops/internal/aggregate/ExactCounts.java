package io.github.sparkmlops.internal.aggregate;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
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
 */
public final class ExactCounts implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** {@code lengths} entry of a key that is not a string. */
  private static final int NOT_A_STRING = -1;

  private final int maxSize;
  private transient Object[] keys;
  private transient long[] counts;
  // per slot: a string's byte length, and its first 8 bytes when it has no more, else its
  // hashCode; NOT_A_STRING and the hashCode for any other value
  private transient int[] lengths;
  private transient long[] hashes;
  private transient int shift;
  private transient int size;

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

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        out.writeObject(keys[i]);
        out.writeLong(counts[i]);
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int n = in.readInt();
    allocate(16);
    for (int i = 0; i < n; i++) {
      Object key = in.readObject();
      add(key, in.readLong());
    }
  }
}
