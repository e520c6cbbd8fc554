package io.github.sparkmlops.sql.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options only a stream takes, parsed from lower-case keys as {@code ReadOptions} hands them. */
class StreamOptionsTest {

  private static StreamOptions parse(String... keysAndValues) {
    Map<String, String> lower = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      lower.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return StreamOptions.parse(lower, (option, value) -> Instant.parse(value));
  }

  private static void assertRejected(String fragment, String... keysAndValues) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse(keysAndValues));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void noneGivenMeansTheDefaults() {
    StreamOptions none = parse();
    assertEquals(Optional.empty(), none.startingVersion());
    assertFalse(none.startingLatest());
    assertEquals(Optional.empty(), none.maxFilesPerTrigger());
    assertFalse(none.skipChangeCommits());
    assertEquals(Optional.empty(), none.anyGiven());
  }

  @Test
  void startingVersionIsAVersionOrLatest() {
    assertEquals(Optional.of(7L), parse("startingversion", " 7 ").startingVersion());
    StreamOptions latest = parse("startingversion", "LATEST");
    assertTrue(latest.startingLatest());
    assertEquals(Optional.empty(), latest.startingVersion());
    assertEquals(Optional.of("startingVersion"), latest.anyGiven());
    assertRejected("Option 'startingVersion' must be a table version (an integer >= 0) or "
        + "'latest', got '-1'", "startingversion", "-1");
    assertRejected("got 'first'", "startingversion", "first");
  }

  @Test
  void startingTimestampIsParsedByTheGivenRuleAndExcludesStartingVersion() {
    assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
        parse("startingtimestamp", "2026-01-01T00:00:00Z").startingTimestamp());
    assertRejected("Options 'startingVersion' and 'startingTimestamp' exclude each other",
        "startingversion", "1", "startingtimestamp", "2026-01-01T00:00:00Z");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StreamOptions.parse(Map.of("startingtimestamp", "soon"), (option, value) -> {
          throw new IllegalArgumentException("Option '" + option + "' refused " + value);
        }));
    assertEquals("Option 'startingTimestamp' refused soon", e.getMessage());
  }

  @Test
  void limitsArePositive() {
    assertEquals(Optional.of(5), parse("maxfilespertrigger", "5").maxFilesPerTrigger());
    assertRejected("Option 'maxFilesPerTrigger'", "maxfilespertrigger", "0");
    assertEquals(Optional.of(512L << 20), parse("maxbytespertrigger", "512m").maxBytesPerTrigger());
    assertEquals(Optional.of(1048576L), parse("maxbytespertrigger", "1048576").maxBytesPerTrigger());
    assertRejected("Option 'maxBytesPerTrigger' must be a positive size", "maxbytespertrigger", "0");
    assertRejected("Option 'maxBytesPerTrigger' must be a positive size", "maxbytespertrigger", "lots");
  }

  @Test
  void skipChangeCommitsIsABoolean() {
    assertTrue(parse("skipchangecommits", "true").skipChangeCommits());
    assertRejected("Option 'skipChangeCommits'", "skipchangecommits", "maybe");
  }

  /** A batch read refuses stream options by the first one given. */
  @Test
  void anyGivenNamesAStreamOnlyOption() {
    assertEquals(Optional.of("startingTimestamp"),
        parse("startingtimestamp", "2026-01-01T00:00:00Z").anyGiven());
    assertEquals(Optional.of("maxFilesPerTrigger"), parse("maxfilespertrigger", "1").anyGiven());
    assertEquals(Optional.of("maxBytesPerTrigger"), parse("maxbytespertrigger", "1k").anyGiven());
    assertEquals(Optional.of("skipChangeCommits"), parse("skipchangecommits", "true").anyGiven());
    assertEquals(Optional.empty(), parse("skipchangecommits", "false").anyGiven());
  }
}
