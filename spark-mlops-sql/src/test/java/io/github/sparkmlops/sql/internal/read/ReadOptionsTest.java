package io.github.sparkmlops.sql.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The options of {@code format("mlops")}, parsed without a SparkSession. */
class ReadOptionsTest {

  private static final StoreLayout DEFAULT = new StoreLayout("/warehouse/mlops");

  private static ReadOptions parse(Map<String, String> options) {
    return ReadOptions.parse(options, explicit -> explicit.map(StoreLayout::new).orElse(DEFAULT),
        Configuration::new);
  }

  private static ReadOptions parse(String... keysAndValues) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      options.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return parse(options);
  }

  private static void assertRejected(String fragment, String... keysAndValues) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse(keysAndValues));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void noOptionsReadTheStatsOfTheDefaultStore() {
    ReadOptions read = parse();
    assertEquals(DEFAULT, read.store());
    assertEquals(StoreTable.STATS, read.table());
    assertEquals(List.of(), read.filters());
    assertEquals(Optional.empty(), read.stream().anyGiven());
  }

  @Test
  void namesAreCaseInsensitiveAndValuesTrimmed() {
    ReadOptions read = parse("TABLE", " events ", "Name", " disk full ", "versionasof", "3");
    assertEquals(StoreTable.EVENTS, read.table());
    assertEquals(Optional.of("disk full"), read.name());
    assertEquals(Optional.of(3L), read.snapshot().version());
    assertEquals(List.of(new RowFilter.Compare(StoreSchema.TITLE, "=", "disk full")), read.filters(),
        "an event's name is its title");
  }

  @Test
  void badOptionsAreRejectedByName() {
    assertRejected("Unknown option 'stor'", "stor", "/x");
    // what Spark passes for load(a, b)
    assertRejected("format(\"mlops\") reads one store, got the paths [\"/a\",\"/b\"]",
        "paths", "[\"/a\",\"/b\"]");
    assertRejected("Option 'name' is empty", "name", " ");
    assertRejected("Option 'table' must be one of [stats, events, model_versions, model_history, drift, reports, lineage] "
        + "or the views [models, runs], got 'stat'", "table", "stat");
    assertRejected("Option 'latest' applies to table 'stats' only", "table", "events", "latest", "true");
    assertRejected("Option 'latest' must be true or false", "latest", "yes");
    assertRejected("Option 'versionAsOf' must be a table version", "versionAsOf", "-1");
    assertRejected("Options 'versionAsOf' and 'timestampAsOf' exclude each other",
        "versionAsOf", "1", "timestampAsOf", "2026-01-01");
    assertRejected("Option 'start' must be an ISO-8601 time", "start", "yesterday");
    assertRejected("Option 'start' (2026-01-02T00:00:00Z) must be before 'end'",
        "start", "2026-01-02", "end", "2026-01-01");
  }

  @Test
  void timesTakeThreeFormsInUtc() {
    Instant at = Instant.parse("2026-11-21T08:00:00Z");
    assertEquals(Optional.of(at), parse("start", "2026-11-21T08:00:00Z").start());
    assertEquals(Optional.of(at), parse("start", "2026-11-21 08:00:00").start());
    assertEquals(Optional.of(at.minusSeconds(8 * 3600)), parse("start", "2026-11-21").start());
  }

  /** As the facade refuses {@code Instant.MAX}: beyond them, a time has no Delta timestamp. */
  @Test
  void timesOutsideTheStoresRangeAreRejectedByName() {
    String rule = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z";
    for (String option : List.of("start", "end", "timestampAsOf", "startingTimestamp")) {
      assertRejected("Option '" + option + "' " + rule + " (years 0001 to 9999 UTC), got "
          + "+1000000000-01-01T00:00:00Z", option, "+1000000000-01-01T00:00:00Z");
      assertRejected("Option '" + option + "' " + rule, option, "-1000000000-01-01T00:00:00Z");
      assertRejected("Option '" + option + "' " + rule, option, "+10000-01-01T00:00:00Z");
    }
    ReadOptions widest = parse("start", "0001-01-01", "end", "9999-12-31T23:59:59.999999999Z");
    assertEquals(List.of(
        new RowFilter.Compare(StoreSchema.TIME, ">=", StoreTime.micros(Instant.parse("0001-01-01T00:00:00Z"))),
        new RowFilter.Compare(StoreSchema.DATE, ">=", StoreTime.days(Instant.parse("0001-01-01T00:00:00Z"))),
        new RowFilter.Compare(StoreSchema.TIME, "<", 253402300799999999L),
        new RowFilter.Compare(StoreSchema.DATE, "<=", 2932896)), widest.filters());
  }

  @Test
  void theStreamsOptionsAreParsedWithTheRest() {
    assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
        parse("startingTimestamp", "2026-01-01").stream().startingTimestamp());
    assertEquals(Optional.of("maxFilesPerTrigger"), parse("maxFilesPerTrigger", "5").stream().anyGiven());
  }

  @Test
  void theStoreIsTheOptionOrTheLoadPath() {
    assertEquals(new StoreLayout("/a"), parse("store", " /a ").store());
    assertEquals(new StoreLayout("/a"), parse("path", "/a").store());
    assertEquals(new StoreLayout("/a"), parse("STORE", "/a/", "path", "/a").store(),
        "the same store twice, once with a trailing slash");
    assertEquals(new StoreLayout("/a"), parse("store", "/a", "path", "file:///a").store(),
        "the same store twice, once with the default filesystem's scheme");
    assertEquals(new StoreLayout("/a/b"), parse("store", "/a/b", "path", "/a//b/").store());
  }

  /** {@code option("store", A).load(B)} would otherwise read one of them without a word. */
  @Test
  void twoDifferentStoresInOneReadAreRejectedNamingBoth() {
    assertRejected("The read names two stores, '/a' (option store) and '/b' (the load() path); a "
        + "read reads one store: give one of them, or the same one twice",
        "store", "/a", "path", "/b");
    assertRejected("'/a/x' (option Store)", "Store", "/a/x", "path", "/a");
    assertRejected("two stores", "store", "s3a://bucket/a", "path", "s3a://other/a");
    assertRejected("two stores", "store", "/a", "path", "hdfs://nn/a");
  }

  @Test
  void theFiltersAreExactlyTheConvenienceOptions() {
    ReadOptions read = parse("name", "loss", "mlapp", "fraud");
    assertEquals(List.of(new RowFilter.Compare(StoreSchema.NAME, "=", "loss"),
        new RowFilter.Compare(StoreSchema.MLAPP, "=", "fraud")), read.filters());
  }
}
