package io.github.sparkmlops.internal.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads fields in the order they were written; {@link Format#open} makes one. Every read checks
 * that the bytes are there, so a truncated buffer is an {@link IllegalArgumentException} naming
 * the type and the offset, never an {@code ArrayIndexOutOfBoundsException} or garbage.
 */
public final class ByteReader {

  private final byte[] bytes;
  private final int version;
  private final String what;
  private int position;

  ByteReader(byte[] bytes, int position, int version, String what) {
    this.bytes = bytes;
    this.position = position;
    this.version = version;
    this.what = what;
  }

  /** The format version in the header. */
  public int version() {
    return version;
  }

  /** Bytes not read yet: a bound on how many fields can follow, checked before allocating. */
  public int remaining() {
    return bytes.length - position;
  }

  private void need(int n) {
    if (n > bytes.length - position) {
      throw new IllegalArgumentException("truncated " + what + ": " + n + " more bytes needed at "
          + "offset " + position + ", " + (bytes.length - position) + " left");
    }
  }

  public byte readByte() {
    need(1);
    return bytes[position++];
  }

  public boolean readBoolean() {
    byte b = readByte();
    if (b != 0 && b != 1) {
      throw invalid("a boolean byte of " + b);
    }
    return b == 1;
  }

  public int readInt() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (bytes[position++] & 0xFF);
    }
    return v;
  }

  /** An int that must lie in {@code [min, max]}, e.g. a length or a setting. */
  public int readInt(String field, int min, int max) {
    int v = readInt();
    if (v < min || v > max) {
      throw invalid(field + " " + v + ", outside [" + min + ", " + max + "]");
    }
    return v;
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[position++] & 0xFF);
    }
    return v;
  }

  /** A long that must not be negative, e.g. a count. */
  public long readCount(String field) {
    long v = readLong();
    if (v < 0) {
      throw invalid("negative " + field + " " + v);
    }
    return v;
  }

  /** What {@link ByteWriter#writeVarLong} wrote. */
  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw invalid("a varint longer than 9 bytes");
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** What {@link ByteWriter#writeBytes} wrote. */
  public byte[] readBytes() {
    int n = readInt("byte array length", 0, Integer.MAX_VALUE);
    need(n);
    byte[] out = Arrays.copyOfRange(bytes, position, position + n);
    position += n;
    return out;
  }

  /** What {@link ByteWriter#writeString} wrote. */
  public String readString() {
    return new String(readBytes(), StandardCharsets.UTF_8);
  }

  /** Ends the read: trailing bytes mean the buffer is not what its header says. */
  public void end() {
    if (position != bytes.length) {
      throw invalid((bytes.length - position) + " trailing bytes");
    }
  }

  /** An exception for a field whose value is impossible. */
  public IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("garbled " + what + " (format version " + version
        + "): " + problem + " at offset " + position);
  }

  /** {@link #invalid} with the cause, e.g. another library's sketch that would not read. */
  public IllegalArgumentException invalid(String problem, RuntimeException cause) {
    IllegalArgumentException e = invalid(problem + ": " + cause.getMessage());
    e.initCause(cause);
    return e;
  }
}
