package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValueValidationTest {

  private static void rejects(String expectedFragment, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expectedFragment),
        () -> "message '" + e.getMessage() + "' should mention '" + expectedFragment + "'");
  }

  @Test
  void namesAreCheckedForNullEmptyLengthAndControlCharacters() {
    rejects("name must not be null", () -> Require.name("name", null));
    rejects("name must not be empty", () -> Require.name("name", ""));
    rejects("at most 256 characters, got 257", () -> Require.name("name", "x".repeat(257)));
    rejects("control characters (found U+000A at index 3)", () -> Require.name("name", "abc\ndef"));
    rejects("U+0000", () -> Require.name("name", "a\u0000"));
    assertEquals("x".repeat(256), Require.name("name", "x".repeat(256)));
    assertEquals("ünïcode ✓ name", Require.name("name", "ünïcode ✓ name"));
  }

  @Test
  void vectorsNeedOneLabelPerValue() {
    VectorValue v = VectorValue.labelled(new double[] {1, 2}, List.of("a", "b"));
    assertEquals(List.of("a", "b"), v.labels());
    rejects("labels must have 2 elements (one per value), got 3",
        () -> VectorValue.labelled(new double[] {1, 2}, List.of("a", "b", "c")));
    rejects("labels must not repeat a label, 'a' repeats",
        () -> VectorValue.labelled(new double[] {1, 2}, List.of("a", "a")));
    rejects("labels must not contain null (index 1)",
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
