package io.github.sparkmlops.internal.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends fields in the format's encodings; {@link Format#begin} makes one. */
public final class ByteWriter {

  private byte[] buffer = new byte[64];
  private int size;

  ByteWriter() {}

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(size + more, 2 * buffer.length));
    }
  }

  public void writeByte(int v) {
    ensure(1);
    buffer[size++] = (byte) v;
  }

  public void writeBoolean(boolean v) {
    writeByte(v ? 1 : 0);
  }

  public void writeInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (v >>> shift);
    }
  }

  public void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (v >>> shift);
    }
  }

  /** A non-negative number in 1 to 10 bytes, 7 bits a byte (LEB128): small counts stay small. */
  public void writeVarLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("a varint must not be negative, got " + v);
    }
    while (v >= 0x80) {
      writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    writeByte((int) v);
  }

  public void writeDouble(double v) {
    writeLong(Double.doubleToRawLongBits(v));
  }

  /** A length-prefixed byte array: a nested encoding or another library's sketch. */
  public void writeBytes(byte[] bytes) {
    writeInt(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  /** A length-prefixed UTF-8 string. */
  public void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}
