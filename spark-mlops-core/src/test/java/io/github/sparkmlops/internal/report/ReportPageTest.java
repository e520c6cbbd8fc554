package io.github.sparkmlops.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkmlops.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The report's page, drawn by a real browser from data written by hand as the report's data
 * builder writes it (Jackson, non-ASCII escaped): what it shows, that it asks nothing of the
 * network, that it logs no error, and that nothing from the data runs.
 */
@Timeout(300)
class ReportPageTest {

  /** As Reports writes the data: raw text, which ReportPage must make safe and ASCII. */
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OUT = Paths.get("target", "report-page-test");
  private static final double T0 = 1_765_000_000.0;
  private static final List<String> SECTIONS = List.of("series", "graphs", "histograms", "drift",
      "vectors", "tables", "strings", "opaque", "events", "models", "runs");
  /** Text that would run, or break out of its element, if the page treated data as HTML. */
  private static final String HOSTILE = "</script><script>window.__pwned=1</script>"
      + "<img src=x onerror=\"window.__pwned=2\"> 'single' \"double\" &amp; lone \ud800 rtl \u202e end";

  private static HeadlessChromium chromium;

  @BeforeAll
  static void launch() {
    chromium = HeadlessChromium.launch();
  }

  @AfterAll
  static void close() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void everySectionIsDrawnWithItsChartsHeatMapAndTables() throws IOException {
    Path file = write("rich.html", rich(s -> s));
    JsonNode summary = open(file);

    assertEquals(List.of(), strings(summary.get("empty")));
    assertEquals(List.of(
        "series loss 1 [49]",
        "series auc 1 [20]",
        "graphs pr 3 [30, 30, 30]",
        "histograms age 2 [10, 10]",
        "histograms country 2 [4, 4]",
        "histograms income 1 [6]",
        "vectors weights 1 [5]",
        "events timeline 2 [3, 1]"), charts(summary));
    summary.get("charts").forEach(c -> assertTrue(c.get("rendered").asBoolean(), c.toString()));
    assertEquals(14, summary.at("/heatmap/cells").asInt());
    assertEquals(4, summary.at("/heatmap/drifted").asInt());
    assertEquals(List.of("tables confusion 3", "strings strings 2", "events events 4",
        "models versions 2", "models history 3", "runs runs 2"), tables(summary));
    assertEquals(8, chromium.evaluate("document.querySelectorAll('.uplot canvas').length").asInt());

    String text = chromium.evaluate("document.body.innerText").asText();
    assertTrue(text.contains("thinned: 50 points shown of 12000 (min and max of each interval kept)"), text);
    assertTrue(text.contains("2 more rows not shown"), text);
    assertTrue(text.contains("showing 4 of 5 events"), text);
    assertTrue(text.contains("2025-12-06 05:46:40Z"), "times are shown in UTC ISO form: " + text);
    assertTrue(text.contains("lr=0.01"), text);
    chromium.screenshot(OUT.resolve("rich.png"));
    assertTrue(Files.size(OUT.resolve("rich.png")) > 10_000);
    assertClean();
  }

  @Test
  void anEmptyReportSaysNothingIsThereInEverySection() throws IOException {
    Path file = write("empty.html", empty());
    JsonNode summary = open(file);

    assertEquals(SECTIONS, strings(summary.get("empty")));
    assertEquals(0, summary.get("charts").size());
    assertEquals(0, summary.get("tables").size());
    assertEquals(0, summary.at("/heatmap/cells").asInt());
    String text = chromium.evaluate("document.body.innerText").asText();
    assertTrue(text.contains("Nothing here: No drift computed in this range."), text);
    assertEquals(SECTIONS.size(), chromium.evaluate("document.querySelectorAll('p.empty').length").asInt());
    chromium.screenshot(OUT.resolve("empty.png"));
    assertClean();
  }

  @Test
  void dataThatLooksLikeHtmlOrScriptIsShownAsTextAndNeverRuns() throws IOException {
    String page = ReportPage.html(JSON.writeValueAsString(rich(s -> HOSTILE)));
    for (int i = 0; i < page.length(); i++) {
      char c = page.charAt(i);
      assertTrue(c >= ' ' && c <= '~' || c == '\n' || c == '\r' || c == '\t',
          "the page is printable ASCII, not at " + i);
    }
    // the page's own three script elements close, and nothing else does
    assertEquals(3, count(page.toLowerCase(Locale.ROOT), "</script"));
    assertEquals(3, count(page.toLowerCase(Locale.ROOT), "<script"));
    assertFalse(page.contains("<img"));
    String withoutUplotBanner = page.replace("https://github.com/leeoniya/uPlot", "");
    assertFalse(withoutUplotBanner.contains("http://") || withoutUplotBanner.contains("https://"),
        "no URL but uPlot's own banner");

    Path file = OUT.resolve("hostile.html");
    Files.createDirectories(OUT);
    Files.writeString(file, page, StandardCharsets.US_ASCII);
    JsonNode summary = open(file);
    chromium.evaluate("window.mlopsReport.renderAll()");

    assertTrue(chromium.evaluate("typeof window.__pwned === 'undefined'").asBoolean());
    assertEquals(0, chromium.evaluate("document.querySelectorAll('img').length").asInt());
    assertEquals(3, chromium.evaluate("document.querySelectorAll('script').length").asInt());
    String text = chromium.evaluate("document.body.innerText").asText();
    assertTrue(text.contains("</script><script>window.__pwned=1</script>"), text);
    assertTrue(text.contains("<img src=x onerror=\"window.__pwned=2\">"), text);
    assertTrue(text.contains("&amp;"), text);
    // the exact string, lone surrogate and right-to-left mark included, in headings, cells,
    // legends and the opaque JSON
    String same = "el => el.textContent === " + jsString(HOSTILE);
    for (String selector : List.of("#series h3", "#graphs .u-legend th", "#vectors h3", "#tables h3",
        "#tables td", "#tables th", "#strings td", "#events td", "#models li", "#runs li", "dl.header dd")) {
      assertTrue(chromium.evaluate("Array.from(document.querySelectorAll('" + selector + "')).some("
          + same + ")").asBoolean(), selector);
    }
    assertTrue(chromium.evaluate("document.querySelector('#opaque pre').textContent === "
        + jsString(opaqueJson(HOSTILE))).asBoolean());
    // data text mixed with the page's own is isolated, so a right-to-left mark cannot reorder it
    assertTrue(chromium.evaluate("Array.from(document.querySelectorAll('#runs li bdi, dl.header bdi'))"
        + ".filter(" + same.replace("el =>", "b =>").replace("el.", "b.") + ").length >= 3").asBoolean());
    assertEquals(8, summary.get("charts").size());
    chromium.screenshot(OUT.resolve("hostile.png"));
    assertClean();
  }

  @Test
  void aThousandChartsAllRender() throws IOException {
    ObjectNode data = empty();
    ArrayNode series = data.withArray("series");
    for (int s = 0; s < 1000; s++) {
      ObjectNode one = series.addObject().put("name", "stat." + s).put("type", "NUMBER")
          .put("category", "TIME_SERIES").put("count", 100).put("thinned", false);
      ArrayNode t = one.putArray("t");
      ArrayNode v = one.putArray("v");
      for (int i = 0; i < 100; i++) {
        t.add(T0 + i * 60);
        v.add(Math.sin(i / 10.0 + s));
      }
    }
    Path file = write("thousand.html", data);
    chromium.open(file);
    double load = chromium.loadMillis();
    long start = System.nanoTime();
    assertEquals(1000, chromium.evaluate("window.mlopsReport.renderAll()").asInt());
    long renderAll = (System.nanoTime() - start) / 1_000_000;
    JsonNode summary = chromium.evaluate("window.mlopsReport.summary()");
    assertEquals(1000, summary.get("charts").size());
    summary.get("charts").forEach(c -> {
      assertTrue(c.get("rendered").asBoolean());
      assertEquals("[100]", c.get("points").toString());
    });
    assertEquals(1000, chromium.evaluate("document.querySelectorAll('#series .uplot').length").asInt());
    // the name filter keeps the matching cards only
    chromium.evaluate("(() => { const f = document.querySelector('nav input');"
        + " f.value = 'stat.99'; f.dispatchEvent(new Event('input')); })()");
    assertEquals(11, chromium.evaluate(
        "document.querySelectorAll('#series .card:not(.hidden)').length").asInt());
    System.out.printf("report page, 1,000 charts: %,d bytes, ready in %.0f ms, renderAll %d ms%n",
        Files.size(file), load, renderAll);
    assertClean();
  }

  @Test
  void theDataIsEscapedForItsScriptElementAndParsesToTheSameTree() throws IOException {
    String json = JSON.writeValueAsString(JSON.createObjectNode().put("a", HOSTILE)
        .put("b", "\u2028\u2029 \u00e9 \ud83d\ude00"));
    String escaped = ReportPage.escape(json);
    assertFalse(escaped.contains("<") || escaped.contains(">") || escaped.contains("&"));
    assertTrue(escaped.chars().allMatch(c -> c >= ' ' && c <= '~'));
    assertEquals(JSON.readTree(json), JSON.readTree(escaped));
    // not even Jackson's own escaping of non-ASCII is needed: the page escapes it too
    String raw = new ObjectMapper().writeValueAsString(JSON.createObjectNode().put("b", "\u2028 \u00e9"));
    assertEquals("{\"b\":\"\\u2028 \\u00e9\"}", ReportPage.escape(raw));
    String page = ReportPage.html("{}");
    assertTrue(page.contains("<script type=\"application/json\" id=\"mlops-data\">{}</script>"));
    assertTrue(page.contains("Content-Security-Policy"));
    assertTrue(page.contains("The MIT License"), "uPlot's licence travels with it");
  }

  // ----------------------------------------------------------------------------------- helpers

  private static JsonNode open(Path file) {
    chromium.open(file);
    chromium.evaluate("window.mlopsReport.renderAll()");
    return chromium.evaluate("window.mlopsReport.summary()");
  }

  private static void assertClean() {
    assertEquals(List.of(), chromium.consoleMessages(), "console errors and warnings");
    assertEquals(List.of(), chromium.requests(), "network requests");
  }

  private static Path write(String name, ObjectNode data) throws IOException {
    Files.createDirectories(OUT);
    Path file = OUT.resolve(name);
    Files.writeString(file, ReportPage.html(JSON.writeValueAsString(data)), StandardCharsets.US_ASCII);
    return file;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> charts(JsonNode summary) {
    List<String> out = new ArrayList<>();
    summary.get("charts").forEach(c -> out.add(c.get("section").asText() + " " + c.get("name").asText()
        + " " + c.get("series").asInt() + " " + c.get("points").toString().replace(",", ", ")));
    return out;
  }

  private static List<String> tables(JsonNode summary) {
    List<String> out = new ArrayList<>();
    summary.get("tables").forEach(t -> out.add(t.get("section").asText() + " " + t.get("name").asText()
        + " " + t.get("rows").asInt()));
    return out;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  /** A JavaScript string literal of {@code s}, everything outside printable ASCII escaped. */
  private static String jsString(String s) {
    StringBuilder out = new StringBuilder("'");
    for (char c : s.toCharArray()) {
      if (c < ' ' || c > '~' || c == '\'' || c == '\\' || c == '<' || c == '>') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  // -------------------------------------------------------------------------------------- data

  /** Data with every key and every section empty, as the contract has it for an empty store. */
  private static ObjectNode empty() {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode header = data.putObject("header").put("store", "/tmp/empty-store").put("generated", T0);
    header.putNull("since");
    header.putNull("until");
    header.putNull("first");
    header.putNull("last");
    ObjectNode filters = header.putObject("filters");
    filters.putNull("mlapp");
    filters.putArray("stats");
    filters.putNull("model");
    header.put("library", "0.1.0-SNAPSHOT");
    data.putArray("series");
    data.putArray("graphs");
    data.putArray("histograms");
    ObjectNode drift = data.putObject("drift");
    drift.putArray("columns");
    drift.putArray("comparisons");
    drift.put("count", 0);
    drift.putArray("cells");
    data.putArray("vectors");
    data.putArray("tables");
    data.putArray("strings");
    data.putArray("opaque");
    data.putObject("events").put("count", 0).putArray("rows");
    ObjectNode models = data.putObject("models");
    models.putArray("versions");
    models.putArray("history");
    data.putObject("runs").put("count", 0).putArray("rows");
    return data;
  }

  /**
   * Data in every section; {@code name} maps each name, label and text (identity, or to a hostile
   * string), so the same shapes test both the drawing and the escaping.
   */
  private static ObjectNode rich(java.util.function.UnaryOperator<String> name) {
    ObjectNode data = empty();
    ObjectNode header = (ObjectNode) data.get("header");
    header.put("store", name.apply("s3a://bucket/store")).put("since", T0 - 86_400).put("first", T0)
        .put("last", T0 + 3_600);
    ((ObjectNode) header.get("filters")).put("mlapp", name.apply("churn"));
    ((ArrayNode) header.at("/filters/stats")).add(name.apply("loss"));

    ArrayNode series = data.withArray("series");
    ObjectNode loss = series.addObject().put("name", name.apply("loss")).put("type", "NUMBER")
        .put("category", "TIME_SERIES").put("count", 12_000).put("thinned", true);
    fill(loss.putArray("t"), loss.putArray("v"), 50, i -> i == 10);
    ObjectNode auc = series.addObject().put("name", "auc").put("type", "KPI")
        .put("category", "TIME_SERIES").put("count", 20).put("thinned", false);
    fill(auc.putArray("t"), auc.putArray("v"), 20, i -> false);

    ObjectNode graph = data.withArray("graphs").addObject().put("name", "pr").put("count", 30)
        .put("thinned", false);
    graph.putArray("labels").add("a").add(name.apply("b")).add("c");
    ArrayNode values = graph.putArray("values");
    ArrayNode gt = graph.putArray("t");
    for (int line = 0; line < 3; line++) {
      fill(line == 0 ? gt : JSON.createArrayNode(), values.addArray(), 30, i -> false);
    }

    ArrayNode histograms = data.withArray("histograms");
    ObjectNode age = histograms.addObject().put("name", "age").put("kind", "CONTINUOUS");
    age.putNull("labels");
    ArrayNode edges = age.putArray("edges");
    for (int i = 0; i <= 10; i++) {
      edges.add(18 + i * 6.5);
    }
    bars(age.putArray("bars"), 10, 2, name);
    ObjectNode country = histograms.addObject().put("name", "country").put("kind", "CATEGORICAL");
    country.putNull("edges");
    country.putArray("labels").add("FR").add(name.apply("DE")).add("IT").addNull();
    bars(country.putArray("bars"), 4, 2, name);
    ObjectNode income = histograms.addObject().put("name", "income").put("kind", "CONTINUOUS");
    income.putNull("labels");
    income.putArray("edges").add(0).add(1e3).add(1e4).add(1e5).add(1e6).add(1e7).add(1e8);
    bars(income.putArray("bars"), 6, 1, name);

    ObjectNode drift = (ObjectNode) data.get("drift");
    drift.withArray("columns").add("age").add(name.apply("country")).add("income");
    for (int k = 0; k < 5; k++) {
      ObjectNode comparison = drift.withArray("comparisons").addObject().put("time", T0 + k * 3_600)
          .put("baseline", name.apply("models:/churn/1"));
      if (k == 0) {
        comparison.putNull("label");
      } else {
        comparison.put("label", name.apply("batch " + k));
      }
    }
    drift.put("count", 5);
    int drifted = 0;
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 5; k++) {
        if (c == 2 && k == 0) {
          continue;  // income was not compared the first time
        }
        boolean isDrifted = (c + k) % 3 == 0 && drifted++ < 4;
        drift.withArray("cells").addObject().put("c", c).put("k", k).put("score", 0.05 * (c + k))
            .put("threshold", 0.1).put("drifted", isDrifted).put("method", name.apply("wasserstein"))
            .put("level", Math.min(1.0, 0.1 * (c + k)));
      }
    }

    ObjectNode vector = data.withArray("vectors").addObject().put("name", name.apply("weights"))
        .put("time", T0);
    vector.putArray("labels").add("w0").add(name.apply("w1")).add("w2").add("w3").add("w4");
    vector.putArray("values").add(0.5).add(-0.25).add(1.5).add(0).add(2);

    ObjectNode table = data.withArray("tables").addObject().put("name", name.apply("confusion"))
        .put("time", T0).put("truncated", 2);
    table.putArray("columns").add("predicted yes").add(name.apply("predicted no")).add("ok");
    table.putArray("types").add("NUMBER").add("STRING").add("BOOLEAN");
    ArrayNode rows = table.putArray("rows");
    rows.addObject().put("name", name.apply("actual yes")).putArray("cells").add(40).add(name.apply("x"))
        .add(true);
    rows.addObject().put("name", "actual no").putArray("cells").add(2.5).addNull().add(false);
    rows.addObject().putNull("name").putArray("cells").add(1).add("y").addNull();

    data.withArray("strings").addObject().put("name", name.apply("note")).put("time", T0)
        .put("category", "CONFIG").put("value", name.apply("hello"));
    data.withArray("strings").addObject().put("name", "mode").put("time", T0).putNull("category")
        .putNull("value");
    data.withArray("opaque").addObject().put("name", "params").put("time", T0)
        .put("json", opaqueJson(name.apply("v")));

    ObjectNode events = (ObjectNode) data.get("events");
    events.put("count", 5);
    for (int e = 0; e < 4; e++) {
      events.withArray("rows").addObject().put("time", T0 + 600 + e * 700)
          .put("type", e == 3 ? "DRIFT_ALERT" : name.apply("MODEL_LOADED"))
          .put("severity", e == 3 ? "ERROR" : e == 0 ? "INFO" : "WARNING").put("alert", e == 3)
          .put("title", name.apply("title " + e)).put("message", name.apply("message " + e))
          .put("mlapp", "churn").put("run_id", "run-" + e);
    }

    ObjectNode models = (ObjectNode) data.get("models");
    for (int v = 1; v <= 2; v++) {
      ObjectNode version = models.withArray("versions").addObject().put("name", "churn").put("version", v)
          .put("stage", v == 2 ? "Production" : "Archived").put("created", T0 + v)
          .put("run_id", "run-" + v).put("description", name.apply("model " + v));
      version.putArray("aliases").add(name.apply("champion"));
      version.putObject("tags").put("owner", name.apply("team"));
      version.putObject("metrics").put("auc", 0.9 + v / 100.0);
    }
    for (int h = 0; h < 3; h++) {
      ObjectNode entry = models.withArray("history").addObject().put("time", T0 + h).put("name", "churn")
          .put("version", 2).put("action", h == 0 ? "STAGE" : "TAG").put("from", "None")
          .put("to", "Production").put("key", "k").put("text", name.apply("t")).put("reason", "why");
      if (h == 1) {
        entry.put("value", 0.5);
      } else {
        entry.putNull("value");
      }
    }

    ObjectNode runs = (ObjectNode) data.get("runs");
    runs.put("count", 2);
    for (int r = 0; r < 2; r++) {
      ObjectNode run = runs.withArray("rows").addObject().put("run_id", "run-" + r).put("mlapp", "churn")
          .put("start", T0 + r * 100).put("end", T0 + r * 100 + 50).put("stats", 42);
      run.putObject("params").put("lr", name.apply("0.01"));
      run.putObject("metrics").put("auc", 0.91);
      run.putArray("models").add(name.apply("models:/churn/" + (r + 1)));
    }
    return data;
  }

  /** Pretty JSON text of an object holding {@code value}, as the opaque section receives it. */
  private static String opaqueJson(String value) {
    return "{\n  \"k\": \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n}";
  }

  private static void fill(ArrayNode t, ArrayNode v, int n, java.util.function.IntPredicate gap) {
    for (int i = 0; i < n; i++) {
      t.add(T0 + i * 60.0);
      if (gap.test(i)) {
        v.addNull();
      } else {
        v.add(Math.round(1000 * Math.exp(-i / 20.0)) / 1000.0);
      }
    }
  }

  private static void bars(ArrayNode bars, int n, int count, java.util.function.UnaryOperator<String> name) {
    for (int b = 0; b < count; b++) {
      ObjectNode bar = bars.addObject().put("label", count == 1 ? "value" : b == 0 ? "baseline" : "current")
          .put("time", T0 + b * 86_400).put("run_id", name.apply("run-" + b));
      ArrayNode counts = bar.putArray("counts");
      for (int i = 0; i < n; i++) {
        counts.add((i + 1) * (b + 2) % 7 + 1);
      }
    }
  }
}
