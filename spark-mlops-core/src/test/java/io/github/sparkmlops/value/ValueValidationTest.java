package io.github.sparkmlops.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.run.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValueValidationTest {

  private static void rejects(String expectedFragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expectedFragment),
        () -> "message '" + e.getMessage() + "' should mention '" + expectedFragment + "'");
  }

  /** One bad string per rule, and the part of the message that names the rule. */
  private static final Map<String, String> BROKEN_RULES = brokenRules();

  private static Map<String, String> brokenRules() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("", "must not be empty");
    rules.put("x".repeat(257), "must be at most 256 characters, got 257");
    rules.put("abc\ndef", "must not contain control characters (found U+000A at index 3)");
    rules.put("a\u0000", "must not contain control characters (found U+0000 at index 1)");
    rules.put("a\u0085b", "must not contain control characters (found U+0085 at index 1)");
    rules.put("\uD800x", "must be well-formed UTF-16 (found an unpaired surrogate U+D800 at index 0)");
    rules.put("x\uDC00", "must be well-formed UTF-16 (found an unpaired surrogate U+DC00 at index 1)");
    rules.put("\uDC00\uD800", "must be well-formed UTF-16 (found an unpaired surrogate U+DC00 at index 0)");
    String onlyInvisible = "must contain a visible character, not only whitespace or invisible characters";
    rules.put("   ", onlyInvisible);
    rules.put("\u200B", onlyInvisible); // zero-width space (Cf)
    rules.put("\uFEFF", onlyInvisible); // byte order mark (Cf)
    rules.put(" \u00A0\u2028\u2029\u3000\u200D", onlyInvisible); // Zs, Zl, Zp, Cf mixed
    return rules;
  }

  /** Every rule must hold for this kind of string, and the message must name {@code argument}. */
  private static void appliesTheNameRule(String argument, Consumer<String> call) {
    rejects(argument + " must not be null", () -> call.accept(null));
    BROKEN_RULES.forEach((bad, rule) -> rejects(argument + " " + rule, () -> call.accept(bad)));
    call.accept("x".repeat(256));
    call.accept("ünïcode ✓ name");
    call.accept("\uD83D\uDE00 emoji"); // a surrogate pair is well formed
    call.accept("\u200Bvisible"); // invisible characters are fine next to visible ones
  }

  @Test
  void theNameRuleCoversEveryNameLikeString() {
    appliesTheNameRule("name", value -> Require.name("name", value));
    appliesTheNameRule("labels[1]",
        value -> VectorValue.labelled(new double[] {1, 2}, Arrays.asList("a", value)));
    appliesTheNameRule("labels[0]",
        value -> MultiLineGraph.of(Arrays.asList(value, "b"), new double[] {1, 2}));
    appliesTheNameRule("columnNames[1]", value -> Table.builder("a", value));
    appliesTheNameRule("columnNames[0]", value -> Table.builder(Arrays.asList(value)));
    appliesTheNameRule("rowName", value -> Table.builder("a").namedRow(value, 1));
    appliesTheNameRule("title", value -> Event.builder(EventType.GENERIC, value).build());
    appliesTheNameRule("title",
        value -> new Event(EventType.GENERIC, Severity.INFO, value, null, null, Instant.EPOCH));
  }

  @Test
  void theRunContextFollowsTheNameRule() {
    List<String> fields = List.of("mlapp", "pipeline", "node", "runId", "host");
    for (int f = 0; f < fields.size(); f++) {
      int field = f;
      appliesTheNameRule(fields.get(f), value -> {
        List<String> args = new ArrayList<>(List.of("app", "pipe", "train", "local-1", "driver"));
        args.set(field, value);
        new RunContext(args.get(0), args.get(1), args.get(2), args.get(3), args.get(4));
      });
    }
  }

  @Test
  void timesMustFitASparkTimestamp() {
    String range = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z";
    rejects("time " + range + " (years 0001 to 9999 UTC), got " + Instant.MAX,
        () -> Require.time("time", Instant.MAX));
    rejects("time " + range, () -> Require.time("time", Instant.MIN));
    rejects("time " + range, () -> Require.time("time", Instant.parse("0000-12-31T23:59:59.999999999Z")));
    rejects("time " + range, () -> Require.time("time", Instant.parse("+10000-01-01T00:00:00Z")));
    rejects("time must not be null", () -> Require.time("time", null));
    assertEquals(Require.MIN_TIME, Require.time("time", Instant.parse("0001-01-01T00:00:00Z")));
    assertEquals(Require.MAX_TIME,
        Require.time("time", Instant.parse("9999-12-31T23:59:59.999999999Z")));
  }

  @Test
  void eventsRefuseTimesOutsideTheRangeWhenBuilt() {
    rejects("time must be between",
        () -> Event.builder(EventType.GENERIC, "t").time(Instant.MIN).build());
    rejects("time must be between",
        () -> Event.builder(EventType.GENERIC, "t").time(Instant.MAX).build());
    rejects("time must be between",
        () -> new Event(EventType.GENERIC, Severity.INFO, "t", null, null, Instant.MAX));
    assertEquals(Require.MAX_TIME,
        Event.builder(EventType.GENERIC, "t").time(Require.MAX_TIME).build().time());
  }

  @Test
  void vectorsNeedOneLabelPerValue() {
    VectorValue v = VectorValue.labelled(new double[] {1, 2}, List.of("a", "b"));
    assertEquals(List.of("a", "b"), v.labels());
    rejects("labels must have 2 elements (one per value), got 3",
        () -> VectorValue.labelled(new double[] {1, 2}, List.of("a", "b", "c")));
    rejects("labels must not repeat a label, 'a' repeats",
        () -> VectorValue.labelled(new double[] {1, 2}, List.of("a", "a")));
    rejects("labels[1] must not be null",
        () -> VectorValue.labelled(new double[] {1, 2}, Arrays.asList("a", null)));
    rejects("values must not be empty", () -> VectorValue.of());
  }

  @Test
  void vectorsAreCopiedAndKeepNaNAndInfinity() {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, -0.0};
    VectorValue v = VectorValue.of(values);
    values[0] = 7;
    assertTrue(Double.isNaN(v.values()[0]));
    assertEquals(Double.POSITIVE_INFINITY, v.values()[1]);
  }

  @Test
  void continuousHistogramsNeedIncreasingEdgesAndMatchingCounts() {
    Histogram h = Histogram.continuous(
        new double[] {Double.NEGATIVE_INFINITY, 0, 10, Double.POSITIVE_INFINITY}, new double[] {1, 5, 2});
    assertEquals(Histogram.Kind.CONTINUOUS, h.kind());
    assertArrayEquals(new double[] {1, 5, 2}, h.counts());
    rejects("edges must have counts.length + 1 = 3 elements, got 2",
        () -> Histogram.continuous(new double[] {0, 1}, new double[] {1, 2}));
    rejects("edges must be strictly increasing, but edges[2] = 1.0 is not greater than edges[1] = 1.0",
        () -> Histogram.continuous(new double[] {0, 1, 1}, new double[] {1, 2}));
    rejects("edges must not contain NaN",
        () -> Histogram.continuous(new double[] {0, Double.NaN}, new double[] {1}));
    rejects("-Infinity only at index 0",
        () -> Histogram.continuous(new double[] {0, Double.NEGATIVE_INFINITY}, new double[] {1}));
    rejects("+Infinity only at the last index",
        () -> Histogram.continuous(new double[] {Double.POSITIVE_INFINITY, 1}, new double[] {1}));
    rejects("counts must be finite and not negative, got -1.0 at index 0",
        () -> Histogram.continuous(new double[] {0, 1}, new double[] {-1}));
    rejects("counts must be finite and not negative, got NaN",
        () -> Histogram.continuous(new double[] {0, 1}, new double[] {Double.NaN}));
  }

  @Test
  void categoricalHistogramsNeedDistinctLabels() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("red", 3);
    counts.put("blue", 4);
    Histogram h = Histogram.categorical(counts);
    assertEquals(List.of("red", "blue"), h.labels());
    assertArrayEquals(new double[] {3, 4}, h.counts());
    rejects("labels must have 1 elements", () -> Histogram.categorical(List.of("a", "b"), new double[] {1}));
    rejects("'a' repeats", () -> Histogram.categorical(List.of("a", "a"), new double[] {1, 2}));
    rejects("labels[1] must not be null",
        () -> Histogram.categorical(Arrays.asList("a", null), new double[] {1, 2}));
    rejects("labels[0] must be well-formed UTF-16 (found an unpaired surrogate U+D800 at index 0)",
        () -> Histogram.categorical(List.of("\uD800x", "b"), new double[] {1, 2}));
  }

  @Test
  void categoriesAreDataValuesNotNames() {
    // a profiled column holds empty, blank, control-character and long values: all are categories
    List<String> values = List.of("", "   ", "\u200B", "tab\there", "x".repeat(1000), "\uD83D\uDE00");
    Histogram h = Histogram.categorical(values, new double[] {1, 2, 3, 4, 5, 6});
    assertEquals(values, h.labels());
  }

  @Test
  void tablesRejectRaggedRowsAndMixedColumnTypes() {
    Table t = Table.builder("score", "label", "ok")
        .namedRow("r1", 0.5, "cat", true)
        .row(1L, null, false)
        .build();
    assertEquals(List.of(Table.CellType.NUMBER, Table.CellType.STRING, Table.CellType.BOOLEAN), t.columnTypes());
    assertEquals(Arrays.asList("r1", null), t.rowNames());
    assertEquals(1.0, t.rows().get(1).get(0));
    rejects("row 1 has 1 cells but the table has 2 columns",
        () -> Table.builder("a", "b").row(1, 2).row(3).build());
    rejects("column 'a' holds NUMBER cells, but cell (1, 0) is STRING",
        () -> Table.builder("a").row(1).row("x").build());
    rejects("must be a Number, String, Boolean or null",
        () -> Table.builder("a").row(new Object()));
    rejects("columnNames must not repeat a label", () -> Table.builder("a", "a"));
    rejects("columnNames must not be empty", () -> Table.builder(List.of()));
  }

  @Test
  void multiLineGraphsNeedALabelPerValue() {
    MultiLineGraph g = MultiLineGraph.of(Map.of("precision", 0.9));
    assertEquals(List.of("precision"), g.labels());
    rejects("labels must have 2 elements", () -> MultiLineGraph.of(List.of("a"), new double[] {1, 2}));
  }

  @Test
  void opaqueValuesMustBeOneJsonDocument() {
    assertEquals("{\"a\":[1,2]}", OpaqueValue.ofJson("{\"a\":[1,2]}").json());
    assertEquals("{\"k\":\"v\"}", OpaqueValue.of(Map.of("k", "v")).json());
    rejects("json must be valid JSON", () -> OpaqueValue.ofJson("{not json"));
    rejects("json must be valid JSON", () -> OpaqueValue.ofJson("{} {}"));
    rejects("json must be a JSON document", () -> OpaqueValue.ofJson("   "));
    rejects("json must not be null", () -> OpaqueValue.ofJson(null));
  }

  @Test
  void eventsValidateTitleAndDetails() {
    Event alert = Event.builder(EventType.HEALTH_ALERT, "drift").build();
    assertTrue(alert.isAlert());
    assertEquals(Severity.WARNING, alert.severity());
    assertEquals(Severity.INFO, Event.builder(EventType.GENERIC, "note").build().severity());
    rejects("title must not be empty", () -> Event.builder(EventType.GENERIC, "").build());
    rejects("detailsJson must be valid JSON",
        () -> Event.builder(EventType.GENERIC, "t").detailsJson("[1,").build());
  }
}
