package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.profile.DataProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code DataProfiler.column()}: a profile's state together with the names of its
 * columns, in order. The bytes travel on their own (an {@code Observation}'s value, the observed
 * metrics of a streaming query's progress event that the listener stores), so they carry their
 * names: whoever decodes them labels each column as the profiler that made it did, and no two
 * profiles observed under one name can be decoded with each other's columns.
 *
 * <p>The format (version {@value #FORMAT_VERSION}): the header, the number of columns, each
 * column's name, then the {@link ProfileBuffer}'s own encoding, which must hold as many columns.
 */
public final class ProfileResult {

  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;
  private static final String WHAT = "profile result";

  private final List<String> columns;
  private final ProfileBuffer buffer;

  private ProfileResult(List<String> columns, ProfileBuffer buffer) {
    this.columns = List.copyOf(columns);
    this.buffer = buffer;
  }

  /** {@code buffer}, whose columns are named {@code columns} in order. */
  static ProfileResult of(List<String> columns, ProfileBuffer buffer) {
    if (columns.size() != buffer.width()) {
      throw new IllegalArgumentException(columns.size() + " column names for a profile of "
          + buffer.width() + " columns; read it with the profiler that made it");
    }
    return new ProfileResult(columns, buffer);
  }

  /** This result in the format of version {@value #FORMAT_VERSION}. */
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.PROFILE_RESULT, FORMAT_VERSION);
    writeNames(w, columns);
    w.writeBytes(buffer.toBytes());
    return w.toByteArray();
  }

  /**
   * The result {@link #toBytes()} encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static ProfileResult fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.PROFILE_RESULT, FORMAT_VERSION, WHAT);
    List<String> columns = readNames(r);
    ProfileBuffer buffer = ProfileBuffer.fromBytes(r.readBytes());
    r.end();
    if (buffer.width() != columns.size()) {
      throw r.invalid(columns.size() + " column names for a profile of " + buffer.width()
          + " columns");
    }
    return new ProfileResult(columns, buffer);
  }

  /** Writes column names: their count, then each. */
  static void writeNames(ByteWriter w, List<String> names) {
    w.writeInt(names.size());
    for (String name : names) {
      w.writeString(name);
    }
  }

  /** Reads what {@link #writeNames} wrote. */
  static List<String> readNames(ByteReader r) {
    // a name takes at least 4 bytes: more names than that are garbage, not worth allocating
    int count = r.readInt("column count", 0, r.remaining() / 4);
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(r.readString());
    }
    return names;
  }

  /**
   * The result in {@code bytes}, or the bare {@link ProfileBuffer} that {@code
   * DataProfiler.column()} returned before results named their columns, read with {@code names}.
   *
   * @throws IllegalArgumentException if the bytes are neither, or a bare buffer of another number
   *     of columns than {@code names}
   */
  public static ProfileResult fromBytes(byte[] bytes, List<String> names) {
    if (Format.holds(bytes, Format.PROFILE_BUFFER)) {
      return of(names, ProfileBuffer.fromBytes(bytes));
    }
    return fromBytes(bytes);
  }

  /** The profile's mergeable state. */
  public ProfileBuffer buffer() {
    return buffer;
  }

  /**
   * The profile of some of its columns, in the order given.
   *
   * @throws IllegalArgumentException if it has no column of one of the names
   */
  public ProfileResult select(List<String> names) {
    List<ProfileBuffer> singles = new ArrayList<>();
    for (String name : names) {
      int i = columns.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException("The profile has no column '" + name + "'; it has "
            + String.join(", ", columns));
      }
      singles.add(buffer.only(i));
    }
    return of(names, ProfileBuffer.joined(singles));
  }

  /** The names of the profiled columns, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The profile, each column under its own name. */
  public DataProfile profile() {
    return buffer.profile(columns);
  }
}
