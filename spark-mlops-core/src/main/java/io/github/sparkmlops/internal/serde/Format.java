package io.github.sparkmlops.internal.serde;

/**
 * The header of an encoded object and the type tags. Tags are never reused: a removed type's tag
 * stays retired, so old bytes can never be read as something else.
 */
public final class Format {

  private static final byte MAGIC_0 = 0x6D;
  private static final byte MAGIC_1 = 0x6C;

  /** {@code io.github.sparkmlops.sketch.CountSummary}. */
  public static final byte COUNT_SUMMARY = 1;
  /** {@code io.github.sparkmlops.sketch.ContinuousSummary}. */
  public static final byte CONTINUOUS_SUMMARY = 2;
  /** {@code io.github.sparkmlops.sketch.CategorySummary}. */
  public static final byte CATEGORY_SUMMARY = 3;
  /** {@code io.github.sparkmlops.sketch.VectorSummary}. */
  public static final byte VECTOR_SUMMARY = 4;
  /** {@code io.github.sparkmlops.internal.sketch.LogBucketSketch}. */
  public static final byte LOG_BUCKET_SKETCH = 5;
  /** {@code io.github.sparkmlops.internal.aggregate.ExactCounts}. */
  public static final byte EXACT_COUNTS = 6;
  /** {@code io.github.sparkmlops.internal.aggregate.ProfileBuffer}, its columns included. */
  public static final byte PROFILE_BUFFER = 7;
  /** {@code io.github.sparkmlops.internal.aggregate.ElementSummary}. */
  public static final byte ELEMENT_SUMMARY = 8;
  /** {@code io.github.sparkmlops.internal.aggregate.ProfileResult}, a profile with its names. */
  public static final byte PROFILE_RESULT = 9;
  /** {@code io.github.sparkmlops.internal.aggregate.WindowedProfiles}, a profile per window. */
  public static final byte WINDOWED_PROFILES = 10;

  private Format() {}

  /** A writer that has written the header of {@code type} at {@code version}. */
  public static ByteWriter begin(byte type, int version) {
    ByteWriter w = new ByteWriter();
    w.writeByte(MAGIC_0);
    w.writeByte(MAGIC_1);
    w.writeByte(type);
    w.writeByte(version);
    return w;
  }

  /** Whether {@code bytes} begin with the header of {@code type}, at any version. */
  public static boolean holds(byte[] bytes, byte type) {
    return bytes != null && bytes.length >= 4 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1
        && bytes[2] == type;
  }

  /**
   * A reader of {@code bytes} past their header, which must be that of {@code type} at a version
   * from 1 to {@code latestVersion}; {@link ByteReader#version()} tells which.
   *
   * @param what the type's name, for messages
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  public static ByteReader open(byte[] bytes, byte type, int latestVersion, String what) {
    if (bytes == null) {
      throw new IllegalArgumentException("cannot read a " + what + " from null bytes");
    }
    if (bytes.length < 4 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new IllegalArgumentException("not an encoded " + what + ": "
          + (bytes.length < 4 ? bytes.length + " bytes, shorter than the header" : "bad magic"));
    }
    if (bytes[2] != type) {
      throw new IllegalArgumentException("not an encoded " + what + ": type tag " + bytes[2]
          + ", expected " + type);
    }
    int version = bytes[3] & 0xFF;
    if (version < 1 || version > latestVersion) {
      throw new IllegalArgumentException("unknown " + what + " format version " + version
          + " (this library reads 1 to " + latestVersion + "); was it written by a newer one?");
    }
    return new ByteReader(bytes, 4, version, what);
  }
}
