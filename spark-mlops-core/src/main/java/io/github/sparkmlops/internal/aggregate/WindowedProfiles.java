package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.internal.serde.ByteReader;
import io.github.sparkmlops.internal.serde.ByteWriter;
import io.github.sparkmlops.internal.serde.Format;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Profiles of the same columns per tumbling event-time window ({@link WindowedProfileAggregate}):
 * one {@link ProfileBuffer} per window start, the largest event time seen, and the rows whose event
 * time was null (in no window). Times are Spark's microseconds since the epoch. Mergeable in any
 * order; it is the aggregate's buffer and, encoded, its result, so it carries its columns' names.
 *
 * <p>The format (version {@value #FORMAT_VERSION}): the header, the column names, the window
 * length, the largest event time ({@link Long#MIN_VALUE} for none), the null-time row count, the
 * number of windows, then per window its start and its {@link ProfileBuffer}'s own encoding.
 */
public final class WindowedProfiles {

  /** The version of {@link #toBytes()}'s format. */
  public static final int FORMAT_VERSION = 1;
  private static final String WHAT = "windowed profiles";
  private static final long NONE = Long.MIN_VALUE;

  private final List<String> columns;
  private final long windowMicros;
  private final TreeMap<Long, ProfileBuffer> windows = new TreeMap<>();
  private long maxEventMicros = NONE;
  private long nullTimeRows;

  /**
   * No window yet.
   *
   * @throws IllegalArgumentException if the window length is not positive
   */
  public WindowedProfiles(List<String> columns, long windowMicros) {
    if (windowMicros <= 0) {
      throw new IllegalArgumentException("the window length must be positive, got "
          + windowMicros + " microseconds");
    }
    this.columns = List.copyOf(columns);
    this.windowMicros = windowMicros;
  }

  /**
   * The profile of the window holding {@code eventMicros}, made by {@code empty} if it has none
   * yet; the event time counts towards {@link #maxEventTime()}.
   */
  ProfileBuffer windowOf(long eventMicros, Supplier<ProfileBuffer> empty) {
    maxEventMicros = Math.max(maxEventMicros, eventMicros);
    return windows.computeIfAbsent(eventMicros - Math.floorMod(eventMicros, windowMicros),
        start -> empty.get());
  }

  /** Counts a row whose event time is null: it belongs to no window. */
  void countNullTime() {
    nullTimeRows++;
  }

  /**
   * Adds {@code other}'s windows, largest event time and null-time rows to these; {@code other}
   * must not be used afterwards (its windows may be taken over as they are).
   *
   * @throws IllegalArgumentException if it profiles other columns or windows of another length
   */
  public void merge(WindowedProfiles other) {
    if (!columns.equals(other.columns) || windowMicros != other.windowMicros) {
      throw new IllegalArgumentException("cannot merge windowed profiles of " + other.columns
          + " per " + other.windowMicros + " µs into ones of " + columns + " per "
          + windowMicros + " µs");
    }
    other.windows.forEach((start, buffer) -> windows.merge(start, buffer, (mine, theirs) -> {
      mine.merge(theirs);
      return mine;
    }));
    maxEventMicros = Math.max(maxEventMicros, other.maxEventMicros);
    nullTimeRows += other.nullTimeRows;
  }

  /**
   * Removes the windows whose end is at or before {@code micros} and returns them by start, in
   * time order.
   */
  public NavigableMap<Long, ProfileResult> removeEndedBy(long micros) {
    NavigableMap<Long, ProfileResult> out = new TreeMap<>();
    if (micros < Long.MIN_VALUE + windowMicros) {
      return out; // before any window's end
    }
    NavigableMap<Long, ProfileBuffer> ended = windows.headMap(micros - windowMicros, true);
    ended.forEach((start, buffer) -> out.put(start, ProfileResult.of(columns, buffer)));
    ended.clear();
    return out;
  }

  /** All windows' rows as one profile; empty without a window. */
  public Optional<ProfileResult> merged() {
    if (windows.isEmpty()) {
      return Optional.empty();
    }
    ProfileBuffer all = ProfileBuffer.fromBytes(windows.firstEntry().getValue().toBytes());
    windows.tailMap(windows.firstKey(), false).values().forEach(all::merge);
    return Optional.of(ProfileResult.of(columns, all));
  }

  /** The length of a window, in microseconds. */
  public long windowMicros() {
    return windowMicros;
  }

  /** The largest event time seen (microseconds since the epoch), if any row had one. */
  public Optional<Long> maxEventTime() {
    return maxEventMicros == NONE ? Optional.empty() : Optional.of(maxEventMicros);
  }

  /** The rows whose event time was null, which no window holds. */
  public long nullTimeRows() {
    return nullTimeRows;
  }

  /** The profiled columns' names, in order. */
  public List<String> columns() {
    return columns;
  }

  /** A time of microseconds since the epoch as an instant. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A duration in microseconds, Spark's unit of time. */
  public static long micros(Duration duration) {
    return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L),
        duration.getNano() / 1_000);
  }

  /** These profiles in the format of version {@value #FORMAT_VERSION}. */
  public byte[] toBytes() {
    ByteWriter w = Format.begin(Format.WINDOWED_PROFILES, FORMAT_VERSION);
    ProfileResult.writeNames(w, columns);
    w.writeLong(windowMicros);
    w.writeLong(maxEventMicros);
    w.writeLong(nullTimeRows);
    w.writeInt(windows.size());
    for (Map.Entry<Long, ProfileBuffer> window : windows.entrySet()) {
      w.writeLong(window.getKey());
      w.writeBytes(window.getValue().toBytes());
    }
    return w.toByteArray();
  }

  /**
   * The profiles {@link #toBytes()} encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding, of a known version
   */
  public static WindowedProfiles fromBytes(byte[] bytes) {
    ByteReader r = Format.open(bytes, Format.WINDOWED_PROFILES, FORMAT_VERSION, WHAT);
    List<String> columns = ProfileResult.readNames(r);
    long windowMicros = r.readLong();
    if (windowMicros <= 0) {
      throw r.invalid("a window length of " + windowMicros + " microseconds");
    }
    WindowedProfiles profiles = new WindowedProfiles(columns, windowMicros);
    profiles.maxEventMicros = r.readLong();
    profiles.nullTimeRows = r.readCount("null-time rows");
    // a window takes at least 12 bytes (its start and its buffer's length)
    int windows = r.readInt("window count", 0, r.remaining() / 12);
    for (int i = 0; i < windows; i++) {
      long start = r.readLong();
      ProfileBuffer buffer = ProfileBuffer.fromBytes(r.readBytes());
      if (buffer.width() != columns.size() || Math.floorMod(start, windowMicros) != 0) {
        throw r.invalid("a window at " + start + " of " + buffer.width() + " columns, in "
            + "profiles of " + columns.size() + " columns per " + windowMicros + " microseconds");
      }
      profiles.windows.put(start, buffer);
    }
    r.end();
    return profiles;
  }
}
