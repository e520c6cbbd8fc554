package io.github.sparkmlops.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkmlops.HeadlessChromium;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.PublishOptions;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.VectorValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a report of a real store holds, read back from its page's data block (every kind of value,
 * thinning that keeps a series' extremes, the filters, the {@code reports} table, stores that are
 * empty, missing or not folders), and the same reports opened in headless Chromium: drawn with no
 * console error and no network request, store text that looks like markup shown as text.
 */
class StoreReportTest {

  private static final SparkSession spark = TestSpark.session();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PAGES = Path.of("target", "store-report-test");
  /** Text that would run, or break out of its element, if the page treated data as HTML. */
  private static final String HOSTILE = "</script><script>window.__pwned=1</script>"
      + "<img src=x onerror=\"window.__pwned=2\"> 'q' \"dq\" &amp; \u202e rtl";
  private static HeadlessChromium chromium;
  /** A store with one of everything, written once for the class. */
  private static Path rich;
  private static Instant richStart;

  @BeforeAll
  static void writeRichStore() {
    rich = TestSpark.newStoreRoot("report-rich");
    spark.conf().set(MLOpsConfig.STORE, rich.toString());
    spark.conf().set(MLOpsConfig.MLAPP, "churn");
    try {
      MLOps mlops = MLOps.init(spark);
      richStart = Instant.now().minus(Duration.ofDays(2));
      for (int i = 0; i < 10_000; i++) {
        // a slow ramp with one spike: thinning must keep the spike
        mlops.setKpi("train.loss", i == 7_777 ? 1e6 : 1.0 / (1 + i),
            richStart.plusSeconds(10L * i));
      }
      // values JSON cannot hold, and the first instant a store can hold
      mlops.setStat("odd.values", Double.NaN);
      mlops.setStat("odd.values", Double.NEGATIVE_INFINITY);
      mlops.setStat("odd.values", 2.0);
      mlops.setKpi("odd.ancient", 1.0, Instant.parse("0001-01-01T00:00:00Z"));
      for (int i = 0; i < 5_000; i++) {
        // a diverged loss: longer than its share of points, and no value to keep
        mlops.setKpi("odd.diverged", Double.NaN, richStart.plusSeconds(i));
      }
      mlops.setDataDistributionStat("profile",
          spark.sql("SELECT * FROM VALUES (1.0), (NULL), (3.0), (4.0) AS t(x)"));
      mlops.setStat("train.rows", 1_000);
      mlops.setStat("train.rows", 2_000);
      mlops.setStat("train.algorithm", "gbt", StatCategory.CONFIG);
      mlops.setStat("train.weights", VectorValue.labelled(new double[] {0.5, -1.5},
          List.of("age", "tenure")));
      mlops.setStat("train.confusion", Table.builder("predicted", "count")
          .namedRow("yes", "yes", 10).namedRow("no", "no", 20).build());
      mlops.setStat("score.hist", Histogram.categorical(new TreeMap<>(Map.of("a", 1, "b", 3))));
      mlops.setStat("score.hist", Histogram.categorical(new TreeMap<>(Map.of("a", 3, "b", 1))));
      mlops.setStat("score.rates", MultiLineGraph.of(new TreeMap<>(Map.of("p50", 1.0, "p99", 4.0))));
      mlops.setStat("score.rates", MultiLineGraph.of(new TreeMap<>(Map.of("p50", 2.0, "p99", 5.0))));
      mlops.setStat("train.params", OpaqueValue.ofJson("{\"depth\":5,\"eta\":[0.1,0.2]}"));
      mlops.dataAlert("null ages", "12% of rows have a null age");
      mlops.event(io.github.sparkmlops.event.Event.builder(
          io.github.sparkmlops.event.EventType.GENERIC, "retrained").build());
      mlops.publishModel("churn", new Binarizer().setThreshold(0.5));
      mlops.models().transition("churn", 1, Stage.PRODUCTION);
      mlops.health().drift(spark.range(0, 2_000).selectExpr("id % 100 AS x"),
          spark.range(0, 2_000).selectExpr("id % 100 + 60 AS x"));
      mlops.done();
    } finally {
      spark.conf().unset(MLOpsConfig.STORE);
      spark.conf().unset(MLOpsConfig.MLAPP);
    }
  }

  /** A new store holding what {@code reports} reports through a run of its own. */
  private static Path storeOf(String name, Consumer<MLOps> reports) {
    Path store = TestSpark.newStoreRoot(name);
    spark.conf().set(MLOpsConfig.STORE, store.toString());
    try {
      MLOps mlops = MLOps.init(spark);
      reports.accept(mlops);
      mlops.done();
    } finally {
      spark.conf().unset(MLOpsConfig.STORE);
    }
    return store;
  }

  /** The browser, started by the first test that needs it (a test without Chromium is skipped). */
  private static HeadlessChromium chromium() {
    if (chromium == null) {
      chromium = HeadlessChromium.launch();
    }
    return chromium;
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** Opens the page in Chromium and returns the page's own summary of what it drew. */
  private static JsonNode open(Path page) {
    chromium().open(page);
    return chromium.evaluate("window.mlopsReport.renderAll(), window.mlopsReport.summary()");
  }

  private static void assertCleanLoad() {
    assertEquals(List.of(), chromium.consoleMessages(), "console errors and warnings");
    assertEquals(List.of(), chromium.requests(), "network requests");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The data block of a page, parsed as the page's script parses it. */
  static JsonNode data(String html) throws IOException {
    String open = "id=\"mlops-data\">";
    int start = html.indexOf(open) + open.length();
    int end = html.indexOf("</script>", start);
    return JSON.readTree(html.substring(start, end));
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("name").asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no entry named " + name + " in " + list);
  }

  @Test
  void everyKindOfValueIsInTheReport() throws IOException {
    JsonNode d = data(StoreReport.of(spark, rich.toString()).html());

    JsonNode loss = named(d.get("series"), "train.loss");
    assertEquals("KPI", loss.get("type").asText());
    assertEquals(10_000, loss.get("count").asLong());
    assertTrue(loss.get("thinned").asBoolean());
    int shown = loss.get("t").size();
    assertTrue(shown <= 4_000 && shown >= 100,
        "points shown: " + shown);
    assertEquals(shown, loss.get("v").size());
    double max = 0;
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < shown; i++) {
      max = Math.max(max, loss.get("v").get(i).asDouble());
      assertTrue(loss.get("t").get(i).asDouble() >= previous, "points in time order");
      previous = loss.get("t").get(i).asDouble();
    }
    assertEquals(1e6, max, "the spike survives thinning");
    assertEquals(1.0, loss.get("v").get(0).asDouble(), "the first interval's largest value");

    JsonNode rows = named(d.get("series"), "train.rows");
    assertEquals(List.of(1000.0, 2000.0), List.of(rows.get("v").get(0).asDouble(),
        rows.get("v").get(1).asDouble()));
    assertFalse(rows.get("thinned").asBoolean());

    assertEquals("[null,null,2.0]", named(d.get("series"), "odd.values").get("v").toString(),
        "NaN and infinities are gaps");
    assertEquals(-62135596800.0, named(d.get("series"), "odd.ancient").get("t").get(0).asDouble());
    JsonNode diverged = named(d.get("series"), "odd.diverged");
    assertEquals(5_000, diverged.get("count").asLong());
    assertEquals(0, diverged.get("t").size(), "no value to draw, and no error");
    assertEquals(-62135596800.0, d.get("header").get("first").asDouble());
    assertEquals("gbt", named(d.get("strings"), "train.algorithm").get("value").asText());
    JsonNode weights = named(d.get("vectors"), "train.weights");
    assertEquals("[\"age\",\"tenure\"]", weights.get("labels").toString());
    assertEquals("[0.5,-1.5]", weights.get("values").toString());
    JsonNode confusion = named(d.get("tables"), "train.confusion");
    assertEquals(2, confusion.get("rows").size());
    assertEquals("no", confusion.get("rows").get(1).get("name").asText());
    assertEquals("[\"no\",20.0]", confusion.get("rows").get(1).get("cells").toString());

    JsonNode profile = named(d.get("tables"), "profile");
    List<String> columns = texts(profile.get("columns"));
    assertEquals("null_share", columns.get(columns.size() - 1), "added to a profile's table");
    JsonNode x = profile.get("rows").get(0);
    assertEquals("x", x.get("name").asText());
    assertEquals(0.25, x.get("cells").get(columns.size() - 1).asDouble(), "1 null in 4 rows");
    assertEquals(1.0, x.get("cells").get(columns.indexOf("missing")).asDouble());

    JsonNode hist = named(d.get("histograms"), "score.hist");
    assertEquals("CATEGORICAL", hist.get("kind").asText());
    assertEquals(2, hist.get("bars").size(), "the earliest and the latest side by side");
    assertEquals("[0.25,0.75]", hist.get("bars").get(0).get("counts").toString());
    assertEquals("[0.75,0.25]", hist.get("bars").get(1).get("counts").toString());

    JsonNode rates = named(d.get("graphs"), "score.rates");
    assertEquals("[\"p50\",\"p99\"]", rates.get("labels").toString());
    assertEquals("[[1.0,2.0],[4.0,5.0]]", rates.get("values").toString());

    assertTrue(named(d.get("opaque"), "train.params").get("json").asText().contains("\"depth\" : 5"));

    assertTrue(d.get("events").get("count").asLong() >= 3, "two events and the drift alert");
    boolean alert = false;
    for (JsonNode e : d.get("events").get("rows")) {
      alert |= e.get("title").asText().equals("null ages") && e.get("alert").asBoolean();
    }
    assertTrue(alert);

    JsonNode version = d.get("models").get("versions").get(0);
    assertEquals("churn", version.get("name").asText());
    assertEquals("Production", version.get("stage").asText());
    assertTrue(d.get("models").get("history").size() >= 1);

    JsonNode drift = d.get("drift");
    assertEquals(1, drift.get("count").asLong());
    assertEquals("[\"x\"]", drift.get("columns").toString());
    JsonNode cell = drift.get("cells").get(0);
    assertTrue(cell.get("drifted").asBoolean());
    assertTrue(cell.get("level").asDouble() > 0.5, "past its threshold: " + cell);

    assertEquals(1, d.get("runs").get("count").asLong());
    assertEquals("churn", d.get("runs").get("rows").get(0).get("mlapp").asText());

    JsonNode header = d.get("header");
    assertEquals(rich.toString(), header.get("store").asText());
    assertTrue(header.get("since").isNull());
  }

  @Test
  void filtersNarrowTheReport() throws IOException {
    JsonNode train = data(StoreReport.of(spark, rich.toString()).stats("train.").html());
    for (String section : List.of("series", "strings", "vectors", "tables", "opaque")) {
      for (JsonNode n : train.get(section)) {
        assertTrue(n.get("name").asText().startsWith("train."), section + ": " + n.get("name"));
      }
    }
    assertEquals(0, train.get("histograms").size());
    assertEquals("[\"train.\"]", train.get("header").get("filters").get("stats").toString());

    JsonNode other = data(StoreReport.of(spark, rich.toString()).mlapp("someone-else").html());
    assertEquals(0, other.get("series").size());
    assertEquals(0, other.get("events").get("count").asLong());
    assertEquals(0, other.get("runs").get("count").asLong());

    // the ramp's first day only: its points before since+1 day
    Instant since = richStart.plusSeconds(50_000);
    Instant until = richStart.plusSeconds(60_000);
    JsonNode window = data(StoreReport.of(spark, rich.toString()).since(since).until(until).html());
    JsonNode loss = named(window.get("series"), "train.loss");
    assertEquals(1_000, loss.get("count").asLong());
    for (JsonNode t : loss.get("t")) {
      assertTrue(t.asDouble() >= since.getEpochSecond() && t.asDouble() < until.getEpochSecond());
    }

    JsonNode none = data(StoreReport.of(spark, rich.toString()).model("no-such-model").html());
    assertEquals(0, none.get("models").get("versions").size());
    assertEquals(0, none.get("series").size(), "no run published it");
    JsonNode churn = data(StoreReport.of(spark, rich.toString()).model("churn").html());
    assertEquals(1, churn.get("models").get("versions").size());
    assertEquals(1, churn.get("runs").get("count").asLong());
    assertTrue(churn.get("series").size() >= 2, "the publishing run's stats");

    assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, rich.toString()).since(until).until(since).html());
    assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, rich.toString()).stats("train.", ""));
    assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, rich.toString()).stats("train.", null));
    assertThrows(IllegalArgumentException.class, () -> StoreReport.of(spark, " "));
  }

  @Test
  void aReportWrittenByARunIsRecorded() throws IOException {
    Path store = TestSpark.newStoreRoot("report-recorded");
    spark.conf().set(MLOpsConfig.STORE, store.toString());
    Path file;
    try {
      MLOps mlops = MLOps.init(spark);
      mlops.setStat("x", 1);
      file = mlops.report().since(Instant.parse("2026-01-01T00:00:00Z")).stats("x")
          .write(store.resolve("out dir/report one.html"));
      // the same store spelled as a URI with a trailing slash: still this run's store
      StoreReport.of(spark, "file:" + store + "/").write(store.resolve("out dir/report two.html"));
      mlops.done();
    } finally {
      spark.conf().unset(MLOpsConfig.STORE);
    }
    assertTrue(Files.size(file) > 10_000, "the page with its chart library");
    String html = Files.readString(file, StandardCharsets.US_ASCII);
    assertEquals(1, named(data(html).get("series"), "x").get("count").asLong(),
        "what the run reported before report() is in it");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        "a report is for people to read");
    List<Row> recorded = spark.read().format("mlops").option("store", store.toString())
        .option("table", "reports").load().orderBy("seq").collectAsList();
    assertEquals(2, recorded.size());
    Row r = recorded.get(0);
    assertEquals(file.toString(), r.getAs("path"));
    assertEquals(Files.size(file), (long) r.getAs("bytes"));
    assertEquals("{\"mlapp\":null,\"stats\":[\"x\"],\"model\":null}", r.getAs("filters"));
    assertNull(r.getAs("until"));
    assertTrue(recorded.get(1).<String>getAs("path").endsWith("report two.html"));
  }

  @Test
  void emptyMissingAndFileStores() throws IOException {
    Path empty = TestSpark.newStoreRoot("report-empty");
    Files.createDirectories(empty);
    JsonNode d = data(StoreReport.of(spark, empty.toString()).html());
    for (String section : List.of("series", "graphs", "histograms", "vectors", "tables",
        "strings", "opaque")) {
      assertEquals(0, d.get(section).size(), section);
    }
    assertEquals(0, d.get("events").get("count").asLong());
    assertEquals(0, d.get("drift").get("count").asLong());
    assertEquals(0, d.get("runs").get("count").asLong());
    assertTrue(d.get("header").get("first").isNull());

    Path missing = empty.resolve("not here");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, missing.toString()).html());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path file = Files.writeString(empty.resolve("a-file"), "x");
    e = assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, file.toString()).write(empty.resolve("r.html")));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(Files.exists(empty.resolve("r.html")));
    Path notAStore = Files.createDirectories(empty.resolve("data/parquet"));
    e = assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, notAStore.getParent().toString()).html());
    assertTrue(e.getMessage().contains("holds none of the store's tables"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StoreReport.of(spark, empty.toString()).write(notAStore));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
  }

  @Test
  void twoApplicationsReportingOneNameAreTwoLines() throws IOException {
    Path store = TestSpark.newStoreRoot("report-two-apps");
    for (String app : List.of("a", "b")) {
      spark.conf().set(MLOpsConfig.STORE, store.toString());
      spark.conf().set(MLOpsConfig.MLAPP, app);
      try {
        MLOps mlops = MLOps.init(spark);
        mlops.setStat("accuracy", app.equals("a") ? 0.9 : 0.1);
        mlops.setStat("model.kind", app, StatCategory.CONFIG);
        mlops.done();
      } finally {
        spark.conf().unset(MLOpsConfig.STORE);
        spark.conf().unset(MLOpsConfig.MLAPP);
      }
    }
    JsonNode d = data(StoreReport.of(spark, store.toString()).html());
    List<String> lines = new ArrayList<>();
    d.get("series").forEach(s -> lines.add(s.get("name").asText() + " " + s.get("mlapp").asText()
        + " " + s.get("v")));
    assertEquals(List.of("accuracy a [0.9]", "accuracy b [0.1]"), lines);
    List<String> kinds = new ArrayList<>();
    d.get("strings").forEach(s -> kinds.add(s.get("mlapp").asText() + "=" + s.get("value").asText()));
    assertEquals(List.of("a=a", "b=b"), kinds);
    assertEquals(1, data(StoreReport.of(spark, store.toString()).mlapp("b").html())
        .get("series").size());
  }

  @Test
  void manyAndWideValuesAreCutAndSaySo() throws IOException {
    Path store = storeOf("report-wide", mlops -> {
      for (int i = 0; i < 2_100; i++) {
        mlops.setStat(String.format("config.%04d", i), "v" + i, StatCategory.CONFIG);
      }
      for (int i = 0; i < 101; i++) {
        mlops.setStat(String.format("doc.%03d", i), OpaqueValue.ofJson("{\"i\":" + i + "}"));
      }
      List<String> columns = new ArrayList<>();
      for (int c = 0; c < 300; c++) {
        columns.add("c" + c);
      }
      Table.Builder wide = Table.builder(columns);
      Object[] cells = new Object[300];
      java.util.Arrays.fill(cells, "x".repeat(1_500));
      for (int r = 0; r < 80; r++) {
        wide.row(cells);
      }
      mlops.setStat("wide", wide.build());
      mlops.setStat("a.long", "y".repeat(5_000), StatCategory.CONFIG);
      mlops.setStat("big", VectorValue.of(new double[5_000]));
    });
    Path page = StoreReport.of(spark, store.toString()).write(PAGES.resolve("wide.html"));
    JsonNode d = data(Files.readString(page, StandardCharsets.US_ASCII));
    assertEquals(2_000, d.get("strings").size(), "the first 2,000 values");
    assertEquals(2_101, d.at("/header/totals/strings").asInt(), "of the 2,101 there are");
    assertEquals(100, d.get("opaque").size());
    assertEquals(101, d.at("/header/totals/opaque").asInt());
    JsonNode table = named(d.get("tables"), "wide");
    assertEquals(100, table.get("columns").size());
    assertEquals(200, table.get("columns_truncated").asInt());
    assertEquals(50, table.get("rows").size(), "5,000 cells: 50 rows of 100 columns");
    assertEquals(30, table.get("truncated").asInt());
    assertTrue(table.at("/rows/0/cells/0").asText().endsWith("... (1300 more characters)"));
    assertTrue(named(d.get("strings"), "a.long").get("value").asText()
        .endsWith("... (4000 more characters)"));
    JsonNode big = named(d.get("vectors"), "big");
    assertEquals(1_000, big.get("values").size());
    assertEquals(4_000, big.get("truncated").asInt());
    assertTrue(Files.size(page) < 2_000_000, "bytes: " + Files.size(page));
    open(page);
    String text = chromium.evaluate("document.body.innerText").asText();
    for (String note : List.of("showing 2000 of 2101 values", "showing 100 of 101 opaque values",
        "200 more columns not shown", "30 more rows not shown", "4000 more entries not shown")) {
      assertTrue(text.contains(note), note);
    }
    assertCleanLoad();
  }

  @Test
  void aThousandNamesShareThePointBudget() throws IOException {
    Path store = storeOf("report-names", mlops -> {
      Instant t0 = Instant.now().minus(Duration.ofHours(1));
      for (int n = 0; n < 1_000; n++) {
        for (int i = 0; i < 300; i++) {
          mlops.setKpi(String.format("metric.%04d", n), i, t0.plusSeconds(i));
        }
      }
    });
    String html = StoreReport.of(spark, store.toString()).html();
    JsonNode series = data(html).get("series");
    assertEquals(1_000, series.size());
    assertEquals(1_000, data(html).at("/header/totals/series").asInt());
    List<String> names = new ArrayList<>();
    for (JsonNode s : series) {
      names.add(s.get("name").asText());
      assertTrue(s.get("thinned").asBoolean());
      assertTrue(s.get("t").size() <= 100 && s.get("t").size() >= 50, s.get("t").size() + "");
      assertEquals(299.0, max(s.get("v")));
    }
    assertEquals("metric.0000", names.get(0));
    assertTrue(html.length() < 5_000_000, "bytes: " + html.length());
    Path page = PAGES.resolve("names.html");
    Files.createDirectories(PAGES);
    Files.writeString(page, html, StandardCharsets.US_ASCII);
    JsonNode summary = open(page);
    assertEquals(1_000, summary.get("charts").size());
    summary.get("charts").forEach(c -> assertTrue(c.get("rendered").asBoolean(), c.toString()));
    assertCleanLoad();
  }

  @Test
  void theRichStoreIsDrawnInChromium() {
    Path page = StoreReport.of(spark, rich.toString()).write(PAGES.resolve("rich.html"));
    JsonNode summary = open(page);
    assertEquals(List.of(), texts(summary.get("empty")), "every section has something");
    List<String> charts = new ArrayList<>();
    summary.get("charts").forEach(c -> charts.add(c.get("section").asText() + " "
        + c.get("name").asText() + " " + c.get("series").asInt() + " " + c.get("points")));
    assertTrue(charts.contains("series train.rows 1 [2]"), charts.toString());
    assertTrue(charts.contains("graphs score.rates 2 [2,2]"), charts.toString());
    assertTrue(charts.contains("histograms score.hist 2 [2,2]"), charts.toString());
    assertTrue(charts.contains("vectors train.weights 1 [2]"), charts.toString());
    assertTrue(charts.stream().anyMatch(c -> c.startsWith("series train.loss 1 [")));
    assertEquals(1, summary.at("/heatmap/cells").asInt());
    assertEquals(1, summary.at("/heatmap/drifted").asInt());
    List<String> tables = new ArrayList<>();
    summary.get("tables").forEach(t -> tables.add(t.get("name").asText() + " " + t.get("rows")));
    assertTrue(tables.contains("train.confusion 2"), tables.toString());
    assertTrue(tables.contains("versions 1"), tables.toString());
    assertTrue(tables.contains("runs 1"), tables.toString());
    chromium.screenshot(PAGES.resolve("rich.png"));
    assertCleanLoad();
  }

  @Test
  void storeTextThatLooksLikeMarkupIsShownAsTextAndNeverRuns() throws IOException {
    Path store = storeOf("report-hostile", mlops -> {
      mlops.setStat(HOSTILE, 1.0);
      mlops.setStat("text", HOSTILE, StatCategory.CONFIG);
      mlops.setStat("cells", Table.builder(HOSTILE).namedRow(HOSTILE, HOSTILE).build());
      mlops.setStat("doc", OpaqueValue.of(Map.of(HOSTILE, HOSTILE)));
      mlops.dataAlert(HOSTILE, HOSTILE);
      mlops.publishModel("m", new Binarizer(), PublishOptions.none().tag(HOSTILE, HOSTILE)
          .description(HOSTILE));
    });
    Path page = StoreReport.of(spark, store.toString()).write(PAGES.resolve("hostile.html"));
    String html = Files.readString(page, StandardCharsets.US_ASCII);
    assertEquals(3, html.split("(?i)<script").length - 1, "the page's own three scripts only");
    open(page);
    assertTrue(chromium.evaluate("typeof window.__pwned === 'undefined'").asBoolean());
    assertEquals(0, chromium.evaluate("document.querySelectorAll('img').length").asInt());
    String text = chromium.evaluate("document.body.innerText").asText();
    for (String section : List.of("series", "strings", "tables", "opaque", "events", "models")) {
      assertTrue(chromium.evaluate("document.getElementById('" + section
          + "').textContent.includes('</script><script>window.__pwned=1</script>')").asBoolean(),
          section + " shows the text: " + text);
    }
    chromium.screenshot(PAGES.resolve("hostile.png"));
    assertCleanLoad();
  }

  @Test
  void aStoreOfEventsOnlyAndAnEmptyStoreSayWhatIsMissing() throws IOException {
    Path store = storeOf("report-events-only", mlops -> {
      mlops.systemAlert("disk full", "the executor's disk is full");
    });
    JsonNode summary = open(StoreReport.of(spark, store.toString())
        .write(PAGES.resolve("events-only.html")));
    List<String> empty = texts(summary.get("empty"));
    assertFalse(empty.contains("events"), empty.toString());
    assertTrue(empty.containsAll(List.of("series", "graphs", "histograms", "drift", "vectors",
        "tables", "strings", "opaque", "models")), empty.toString());
    assertTrue(chromium.evaluate("document.body.innerText").asText().contains("disk full"));
    assertCleanLoad();

    Path nothing = TestSpark.newStoreRoot("report-nothing");
    Files.createDirectories(nothing);
    summary = open(StoreReport.of(spark, nothing.toString()).write(PAGES.resolve("empty.html")));
    assertEquals(0, summary.get("charts").size());
    assertEquals(11, summary.get("empty").size(), "every section but the header: " + summary);
    assertCleanLoad();
  }

  private static double max(JsonNode values) {
    double max = Double.NEGATIVE_INFINITY;
    for (JsonNode v : values) {
      max = Math.max(max, v.asDouble());
    }
    return max;
  }
}
