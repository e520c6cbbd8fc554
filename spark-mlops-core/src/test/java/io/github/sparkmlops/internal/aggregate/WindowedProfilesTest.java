package io.github.sparkmlops.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which window a time goes to, merging, closing at the window's end, and the bytes. */
class WindowedProfilesTest {

  private static final long MINUTE = 60_000_000L;
  private static final Supplier<ProfileBuffer> EMPTY =
      () -> new ProfileBuffer(new ProfileBuffer.Column[] {new ProfileBuffer.Numeric(20, 0)});

  private static void add(WindowedProfiles p, long micros) {
    p.windowOf(micros, EMPTY).countRows(1);
  }

  private static Map<Long, Long> rows(Map<Long, ProfileResult> windows) {
    return windows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().buffer().rows()));
  }

  @Test
  void rowsGoToTheWindowTheirTimeFallsInAndClosedWindowsLeave() {
    WindowedProfiles a = new WindowedProfiles(List.of("x"), 10 * MINUTE);
    add(a, 0);
    add(a, 10 * MINUTE - 1);
    add(a, -1); // before the epoch: the window [-10 min, 0)
    WindowedProfiles b = new WindowedProfiles(List.of("x"), 10 * MINUTE);
    add(b, 10 * MINUTE); // a window's end is the next one's start
    b.countNullTime();
    a.merge(b);
    assertEquals(Optional.of(10 * MINUTE), a.maxEventTime());
    assertEquals(1, a.nullTimeRows());

    WindowedProfiles copy = WindowedProfiles.fromBytes(a.toBytes());
    assertArrayEquals(a.toBytes(), copy.toBytes());
    assertEquals(Map.of(-10 * MINUTE, 1L, 0L, 2L), rows(copy.removeEndedBy(10 * MINUTE)),
        "the windows ending at or before the time");
    assertEquals(Map.of(10 * MINUTE, 1L), rows(copy.removeEndedBy(Long.MAX_VALUE)));
    assertEquals(Map.of(), rows(copy.removeEndedBy(Long.MIN_VALUE)));
    assertEquals(Instant.parse("1970-01-01T00:10:00Z"), WindowedProfiles.instant(10 * MINUTE));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), WindowedProfiles.instant(-1));
  }

  @Test
  void profilesOfOtherWindowsOrColumnsDoNotMerge() {
    WindowedProfiles a = new WindowedProfiles(List.of("x"), MINUTE);
    assertThrows(IllegalArgumentException.class,
        () -> a.merge(new WindowedProfiles(List.of("x"), 2 * MINUTE)));
    assertThrows(IllegalArgumentException.class,
        () -> a.merge(new WindowedProfiles(List.of("y"), MINUTE)));
    assertThrows(IllegalArgumentException.class, () -> new WindowedProfiles(List.of("x"), 0));
  }
}
