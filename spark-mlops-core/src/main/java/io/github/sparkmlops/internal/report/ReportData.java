package io.github.sparkmlops.internal.report;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkmlops.health.DriftMethod;
import io.github.sparkmlops.internal.aggregate.ProfileStats;
import io.github.sparkmlops.internal.lineage.LineagePlans;
import io.github.sparkmlops.internal.store.DriftTable;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.value.StatType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads what a report shows from the store, through the {@code mlops} data source, and reduces it
 * where it lies to what a page can hold: the JSON tree {@code report.js} draws (header, series,
 * graphs, histograms, drift, vectors, tables, strings, opaque, events, models, runs). Every list is
 * bounded, whatever the store's size:
 *
 * <ul>
 *   <li>numeric series share {@value #POINT_BUDGET} points, at least {@value #MIN_POINTS} and at
 *       most {@value #MAX_POINTS} each; a longer series is cut into equal time intervals of which
 *       the smallest and the largest value are kept, with their times, so spikes survive;
 *   <li>at most {@value #MAX_SERIES} series and {@value #MAX_GRAPHS} multi-line graphs, each graph
 *       keeping evenly spaced points within the same bound;
 *   <li>vectors, tables, strings and opaque values show their latest value; histograms their
 *       earliest and latest in range;
 *   <li>events, drift comparisons, model history and runs keep their latest rows, and say how many
 *       there were.
 * </ul>
 */
final class ReportData {

  static final int POINT_BUDGET = 100_000;
  static final int MIN_POINTS = 100;
  static final int MAX_POINTS = 4_000;
  static final int MAX_SERIES = POINT_BUDGET / MIN_POINTS;
  static final int MAX_GRAPHS = 100;
  static final int EVENT_ROWS = 2_000;
  static final int TABLE_ROWS = 200;
  /** A table shows at most this many cells: fewer rows when it has many columns. */
  static final int TABLE_CELLS = 5_000;
  static final int TABLE_COLUMNS = 100;
  /** A string stat longer than this is cut, saying how much more there was. */
  static final int TEXT_CHARS = 1_000;
  /** A table cell's text longer than this is cut, saying how much more there was. */
  static final int CELL_CHARS = 200;
  static final int VECTOR_ENTRIES = 1_000;
  /** How many names each section of latest values shows: strings are small, tables are not. */
  static final int MAX_STRINGS = 2_000;
  static final int MAX_HISTOGRAMS = 500;
  static final int MAX_VECTORS = 200;
  static final int MAX_TABLES = 100;
  static final int MAX_OPAQUE = 100;
  static final int OPAQUE_CHARS = 20_000;
  static final int DRIFT_COMPARISONS = 200;
  static final int DRIFT_COLUMNS = 100;
  static final int HISTORY_ROWS = 1_000;
  static final int RUN_ROWS = 500;
  /** The most inputs, and outputs, a run lists. */
  static final int RUN_RELATIONS = 50;

  /** Profiles' mergeable state: opaque rows for drift baselines, not for people. */
  private static final String SKETCH_SUFFIX = "#sketch";
  private static final String SECS = "secs";
  /** The application of a record, "" for none, so that it can key a group and a join. */
  private static final String APP = "app";
  private static final List<String> NUMBERS = List.of(StatType.NUMBER.name(), StatType.KPI.name());
  private static final MathContext CHART_DIGITS = new MathContext(8);
  /** The column a report adds to a data profile's table. */
  private static final String NULL_SHARE = "null_share";

  private final SparkSession spark;
  private final ReportQuery query;
  private final ObjectMapper json;
  /** The runs that published the filter's model (empty without a model filter). */
  private List<String> modelRuns = List.of();
  private double first = Double.NaN;
  private double last = Double.NaN;

  ReportData(SparkSession spark, ReportQuery query, ObjectMapper json) {
    this.spark = spark;
    this.query = query;
    this.json = json;
  }

  /**
   * The report's data.
   *
   * @throws IllegalArgumentException naming the path if there is no store there
   */
  ObjectNode gather() {
    requireStore();
    ObjectNode data = json.createObjectNode();
    // how many there were of what a list shows only the first of
    ObjectNode totals = json.createObjectNode();
    ObjectNode models = data.putObject("models");
    models.set("versions", versions(totals));
    models.set("history", history());
    Dataset<Row> stats = stats();
    data.set("series", series(stats, totals));
    data.set("graphs", graphs(stats, totals));
    latestValues(stats, data, totals);
    data.set("drift", drift(totals));
    data.set("events", events());
    data.set("runs", runs());
    ObjectNode header = header();
    header.set("totals", totals);
    data.set("header", header);
    return data;
  }

  private void requireStore() {
    Path root = new Path(query.store());
    try {
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      FileStatus status = fs.getFileStatus(root);
      if (!status.isDirectory()) {
        throw new IllegalArgumentException("The store " + query.store()
            + " is a file, not a store's folder");
      }
      // an empty folder is a store nobody wrote to yet; a folder of other things is a wrong path
      FileStatus[] children = fs.listStatus(root);
      boolean tables = Arrays.stream(children)
          .anyMatch(c -> StoreTable.find(c.getPath().getName()).isPresent()
              || c.getPath().getName().startsWith("model_"));
      if (children.length > 0 && !tables) {
        throw new IllegalArgumentException("There is no store at " + query.store()
            + ": the folder holds none of the store's tables (" + String.join(", ",
                StoreTable.names()) + ")");
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("There is no store at " + query.store()
          + ": the folder does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the store at " + query.store()
          + ": " + e, e);
    }
  }

  private ObjectNode header() {
    ObjectNode header = json.createObjectNode();
    header.put("store", query.store());
    header.put("generated", secs(Instant.now()));
    putSecs(header, "since", query.since());
    putSecs(header, "until", query.until());
    putNumber(header, "first", first);
    putNumber(header, "last", last);
    header.set("filters", query.filters(json));
    header.put("library", Reports.class.getPackage().getImplementationVersion());
    return header;
  }

  // ---- reading

  /** A store table's rows of the filter's application and time range. */
  private Dataset<Row> read(StoreTable table) {
    return load(table.directory(), true);
  }

  /** A view's rows (models and runs: no time column to bound) of the filter's application. */
  private Dataset<Row> view(String name) {
    return load(name, false);
  }

  private Dataset<Row> load(String table, boolean timed) {
    DataFrameReader reader = spark.read().format("mlops").option("store", query.store())
        .option("table", table).option(LineagePlans.STORE_LINEAGE_OPTION, "false");
    if (timed && query.since() != null) {
      reader = reader.option("start", query.since().toString());
    }
    if (timed && query.until() != null) {
      reader = reader.option("end", query.until().toString());
    }
    Dataset<Row> rows = reader.load();
    return query.mlapp() == null ? rows : rows.where(col(StoreSchema.MLAPP).equalTo(query.mlapp()));
  }

  /** The rows of {@code data} whose {@code keys} match one of {@code kept}, with its columns. */
  private Dataset<Row> among(Dataset<Row> data, List<Row> kept, StructType schema,
      String... keys) {
    return data.join(broadcast(spark.createDataFrame(kept, schema)),
        scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(keys)).toSeq());
  }

  /** How many there are: those shown, unless a cap stopped them, then a count of {@code all}. */
  private static long total(List<?> shown, int cap, Dataset<?> all) {
    return shown.size() < cap ? shown.size() : all.count();
  }

  /** A nullable double column's value, NaN for null (which the JSON writers turn into null). */
  private static double doubleOrNaN(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private Column inModelRuns() {
    return col(StoreSchema.RUN_ID).isin(modelRuns.toArray());
  }

  private Dataset<Row> stats() {
    Dataset<Row> stats = read(StoreTable.STATS)
        .where(not(col(StoreSchema.NAME).endsWith(SKETCH_SUFFIX)));
    if (!query.statPrefixes().isEmpty()) {
      Column any = lit(false);
      for (String prefix : query.statPrefixes()) {
        any = any.or(col(StoreSchema.NAME).startsWith(prefix));
      }
      stats = stats.where(any);
    }
    if (query.model() != null) {
      stats = stats.where(col(StoreSchema.MODEL_NAME).equalTo(query.model()).or(inModelRuns()));
    }
    return stats.withColumn(SECS, secs(col(StoreSchema.TIME)))
        .withColumn(APP, coalesce(col(StoreSchema.MLAPP), lit("")));
  }

  /** A timestamp as seconds since the epoch, as the charts take it. */
  private static Column secs(Column timestamp) {
    return unix_micros(timestamp).divide(1e6);
  }

  // ---- numeric series

  /**
   * One line per name, type and application: two applications reporting {@code accuracy} to one
   * store are two lines, never one zigzag.
   */
  private ArrayNode series(Dataset<Row> stats, ObjectNode totals) {
    Dataset<Row> numbers = stats
        .where(col(StoreSchema.TYPE).isin(NUMBERS.toArray())
            .and(col(StoreSchema.CATEGORY).equalTo("TIME_SERIES")));
    Dataset<Row> allShapes = numbers.groupBy(StoreSchema.NAME, StoreSchema.TYPE, APP)
        .agg(count(lit(1)).as("n"), min(SECS).as("t0"), max(SECS).as("t1"));
    List<Row> shapes = allShapes.orderBy(StoreSchema.NAME, StoreSchema.TYPE, APP)
        .limit(MAX_SERIES).collectAsList();
    totals.put("series", total(shapes, MAX_SERIES, allShapes));
    ArrayNode out = json.createArrayNode();
    if (shapes.isEmpty()) {
      return out;
    }
    int perSeries = Math.max(MIN_POINTS, Math.min(MAX_POINTS, POINT_BUDGET / shapes.size()));
    int intervals = perSeries / 2;
    StructType shapeSchema = new StructType().add(StoreSchema.NAME, DataTypes.StringType)
        .add(StoreSchema.TYPE, DataTypes.StringType).add(APP, DataTypes.StringType)
        .add("n", DataTypes.LongType).add("t0", DataTypes.DoubleType)
        .add("t1", DataTypes.DoubleType);
    Dataset<Row> shaped =
        among(numbers, shapes, shapeSchema, StoreSchema.NAME, StoreSchema.TYPE, APP);
    Map<List<String>, List<double[]>> points = new HashMap<>();
    for (Row r : shaped.where(col("n").leq(perSeries))
        .select(StoreSchema.NAME, StoreSchema.TYPE, APP, SECS, StoreSchema.VALUE)
        .collectAsList()) {
      points.computeIfAbsent(key(r), k -> new ArrayList<>())
          .add(new double[] {r.getDouble(3), doubleOrNaN(r, 4)});
    }
    // the last point, at t1, belongs to the last interval; NaN and infinities are no extremes
    Column interval = least(floor(col(SECS).minus(col("t0"))
        .divide(greatest(col("t1").minus(col("t0")), lit(1e-6)).divide(intervals))),
        lit(intervals - 1));
    Column finite = col(StoreSchema.VALUE).isNotNull().and(not(isnan(col(StoreSchema.VALUE))))
        .and(abs(col(StoreSchema.VALUE)).notEqual(lit(Double.POSITIVE_INFINITY)));
    for (Row r : shaped.where(col("n").gt(perSeries).and(finite))
        .groupBy(col(StoreSchema.NAME), col(StoreSchema.TYPE), col(APP), interval.as("interval"))
        .agg(min_by(col(SECS), col(StoreSchema.VALUE)), min(StoreSchema.VALUE),
            max_by(col(SECS), col(StoreSchema.VALUE)), max(StoreSchema.VALUE))
        .collectAsList()) {
      List<double[]> list = points.computeIfAbsent(key(r), k -> new ArrayList<>());
      list.add(new double[] {r.getDouble(4), r.getDouble(5)});
      // two values at one time are both kept: a spike reported with another value's time
      if (r.getDouble(6) != r.getDouble(4) || r.getDouble(7) != r.getDouble(5)) {
        list.add(new double[] {r.getDouble(6), r.getDouble(7)});
      }
    }
    for (Row shape : shapes) {
      List<double[]> list = points.computeIfAbsent(key(shape), k -> new ArrayList<>());
      list.sort(Comparator.comparingDouble(p -> p[0]));
      ObjectNode s = out.addObject();
      s.put("name", shape.getString(0));
      s.put("type", shape.getString(1));
      s.put("mlapp", shape.getString(2));
      s.put("category", "TIME_SERIES");
      s.put("count", shape.getLong(3));
      s.put("thinned", shape.getLong(3) > perSeries);
      ArrayNode t = s.putArray("t");
      ArrayNode v = s.putArray("v");
      for (double[] p : list) {
        t.add(chartTime(p[0]));
        addNumber(v, chartValue(p[1]));
      }
      seen(shape.getDouble(4));
      seen(shape.getDouble(5));
    }
    return out;
  }

  /** A row's first three columns: name, type, application. */
  private static List<String> key(Row r) {
    return Arrays.asList(r.getString(0), r.getString(1), r.getString(2));
  }

  // ---- multi-line graphs

  /**
   * One chart per graph name and application, at most {@value #MAX_GRAPHS}, each thinned to evenly
   * spaced points (the first and the last kept) within its share of the point budget.
   */
  private ArrayNode graphs(Dataset<Row> stats, ObjectNode totals) {
    Dataset<Row> graphs = stats.where(col(StoreSchema.TYPE).equalTo(StatType.MULTI_LINE_GRAPH.name()));
    Dataset<Row> keys = graphs.select(StoreSchema.NAME, APP).distinct();
    List<Row> shown = keys.orderBy(StoreSchema.NAME, APP).limit(MAX_GRAPHS).collectAsList();
    totals.put("graphs", total(shown, MAX_GRAPHS, keys));
    if (shown.isEmpty()) {
      return json.createArrayNode();
    }
    int perGraph = Math.max(MIN_POINTS, Math.min(MAX_POINTS, POINT_BUDGET / shown.size()));
    StructType keySchema = new StructType().add(StoreSchema.NAME, DataTypes.StringType)
        .add(APP, DataTypes.StringType);
    Dataset<Row> kept = among(graphs, shown, keySchema, StoreSchema.NAME, APP)
        .withColumn("n", count(lit(1)).over(Window.partitionBy(StoreSchema.NAME, APP)))
        .withColumn("i", row_number().over(Window.partitionBy(StoreSchema.NAME, APP).orderBy(SECS)));
    Column every = col("n").divide(perGraph).cast("long").plus(1);
    List<Row> rows = kept.where(col("i").minus(1).mod(every).equalTo(0)
            .or(col("i").equalTo(col("n"))))
        .select(col(StoreSchema.NAME), col(SECS), col(StoreSchema.GRAPH), col("n"), col(APP))
        .orderBy(StoreSchema.NAME, APP, SECS).collectAsList();
    Map<List<String>, List<Row>> byName = new LinkedHashMap<>();
    for (Row r : rows) {
      byName.computeIfAbsent(List.of(r.getString(0), r.getString(4)), k -> new ArrayList<>())
          .add(r);
    }
    ArrayNode out = json.createArrayNode();
    byName.forEach((key, points) -> {
      List<String> labels = new ArrayList<>(new TreeSet<>(points.stream()
          .flatMap(p -> p.getStruct(2).<String>getList(0).stream()).filter(Objects::nonNull)
          .toList()));
      ObjectNode g = out.addObject();
      g.put("name", key.get(0));
      g.put("mlapp", key.get(1));
      labels.forEach(g.putArray("labels")::add);
      long n = points.get(0).getLong(3);
      g.put("count", n);
      g.put("thinned", n > points.size());
      ArrayNode t = g.putArray("t");
      ArrayNode values = g.putArray("values");
      List<ArrayNode> lines = new ArrayList<>();
      labels.forEach(l -> lines.add(values.addArray()));
      for (Row p : points) {
        t.add(chartTime(p.getDouble(1)));
        seen(p.getDouble(1));
        Map<String, Double> at = new TreeMap<>();
        List<String> ls = p.getStruct(2).getList(0);
        List<Double> vs = p.getStruct(2).getList(1);
        for (int i = 0; i < ls.size() && i < vs.size(); i++) {
          at.put(ls.get(i), vs.get(i));
        }
        for (int i = 0; i < labels.size(); i++) {
          Double v = at.get(labels.get(i));
          addNumber(lines.get(i), v == null ? Double.NaN : chartValue(v));
        }
      }
    });
    return out;
  }

  // ---- latest values: histograms, vectors, tables, strings, opaque

  /**
   * The latest value of every other stat, per name, type and application (a histogram's earliest
   * too). A type this version does not know (written by a newer one) is left out.
   */
  private void latestValues(Dataset<Row> stats, ObjectNode data, ObjectNode totals) {
    Column latest = struct(col(SECS), col(StoreSchema.CATEGORY), col(StoreSchema.VALUE),
        col(StoreSchema.TEXT), col(StoreSchema.VECTOR), col(StoreSchema.HISTOGRAM),
        col(StoreSchema.TABLE), col(StoreSchema.JSON), col(StoreSchema.RUN_ID));
    Column earliest = struct(col(SECS), col(StoreSchema.HISTOGRAM), col(StoreSchema.RUN_ID));
    Column chartedNumber = col(StoreSchema.TYPE).isin(NUMBERS.toArray())
        .and(col(StoreSchema.CATEGORY).equalTo("TIME_SERIES"));
    List<Row> rows = stats
        .where(not(chartedNumber).and(col(StoreSchema.TYPE)
            .notEqual(StatType.MULTI_LINE_GRAPH.name())))
        .groupBy(StoreSchema.NAME, StoreSchema.TYPE, APP)
        .agg(max_by(latest, col(SECS)), min_by(earliest, col(SECS)), count(lit(1)))
        // each section's first names only, counted: the driver never holds them all
        .withColumn("rank", row_number().over(Window.partitionBy(StoreSchema.TYPE)
            .orderBy(StoreSchema.NAME, APP)))
        .withColumn("of", count(lit(1)).over(Window.partitionBy(StoreSchema.TYPE)))
        .where(col("rank").leq(
            when(col(StoreSchema.TYPE).equalTo(StatType.HISTOGRAM.name()), MAX_HISTOGRAMS)
                .when(col(StoreSchema.TYPE).equalTo(StatType.VECTOR.name()), MAX_VECTORS)
                .when(col(StoreSchema.TYPE).equalTo(StatType.TABLE.name()), MAX_TABLES)
                .when(col(StoreSchema.TYPE).equalTo(StatType.OPAQUE.name()), MAX_OPAQUE)
                .otherwise(MAX_STRINGS)))
        .orderBy(StoreSchema.NAME, StoreSchema.TYPE, APP).collectAsList();
    ArrayNode histograms = data.putArray("histograms");
    ArrayNode vectors = data.putArray("vectors");
    ArrayNode tables = data.putArray("tables");
    ArrayNode strings = data.putArray("strings");
    ArrayNode opaque = data.putArray("opaque");
    Map<String, Long> ofType = new TreeMap<>();
    for (Row r : rows) {
      String name = r.getString(0);
      StatType type = knownType(r.getString(1));
      if (type == null) {
        continue;
      }
      ofType.put(type.name(), r.getLong(7));
      Row last = r.getStruct(3);
      double time = last.getDouble(0);
      seen(time);
      seen(r.getStruct(4).getDouble(0));
      ObjectNode entry = switch (type) {
        case HISTOGRAM -> histogram(histograms.addObject(), r.getStruct(4), last, r.getLong(5));
        case VECTOR -> {
          ObjectNode v = vectors.addObject();
          Row vector = last.getStruct(4);
          List<String> labels = vector.isNullAt(1) ? List.of() : vector.getList(1);
          List<Double> values = vector.getList(0);
          int shown = Math.min(values.size(), VECTOR_ENTRIES);
          putStrings(v, "labels", labels.subList(0, Math.min(labels.size(), shown)));
          numbers(v.putArray("values"), values.subList(0, shown));
          v.put("truncated", values.size() - shown);
          yield v;
        }
        case TABLE -> table(tables.addObject(), last.getStruct(6));
        case OPAQUE -> opaque.addObject().put("json", pretty(last.getString(7)));
        default -> strings.addObject().put("category", last.getString(1))
            .put("value", last.isNullAt(2) ? cut(last.getString(3), TEXT_CHARS)
                : text(last.getDouble(2)));
      };
      entry.put("name", name);
      entry.put("mlapp", r.getString(2));
      entry.put("time", time);
    }
    totals.put("histograms", ofType.getOrDefault(StatType.HISTOGRAM.name(), 0L));
    totals.put("vectors", ofType.getOrDefault(StatType.VECTOR.name(), 0L));
    totals.put("tables", ofType.getOrDefault(StatType.TABLE.name(), 0L));
    totals.put("opaque", ofType.getOrDefault(StatType.OPAQUE.name(), 0L));
    // strings, CONFIG numbers and KPIs share one table, and each type its own cap
    totals.put("strings", ofType.entrySet().stream()
        .filter(e -> !List.of(StatType.HISTOGRAM.name(), StatType.VECTOR.name(),
            StatType.TABLE.name(), StatType.OPAQUE.name()).contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum());
  }

  /** Text cut to {@code limit} characters, saying how many more there were. */
  private static String cut(String text, int limit) {
    return text == null || text.length() <= limit ? text
        : text.substring(0, limit) + "... (" + (text.length() - limit) + " more characters)";
  }

  private static StatType knownType(String type) {
    try {
      return StatType.valueOf(type);
    } catch (IllegalArgumentException newer) {
      return null;
    }
  }

  private ObjectNode histogram(ObjectNode h, Row earliest, Row latest, long count) {
    Row last = latest.getStruct(5);
    Row firstHist = earliest.getStruct(1);
    h.put("kind", last.getString(0));
    putNumbers(h, "edges", last.isNullAt(1) ? null : last.getList(1));
    putStrings(h, "labels", last.isNullAt(2) ? null : last.getList(2));
    ArrayNode bars = h.putArray("bars");
    boolean comparable = count > 1 && earliest.getDouble(0) < latest.getDouble(0)
        && Objects.equals(firstHist.getString(0), last.getString(0))
        && Objects.equals(firstHist.get(1), last.get(1))
        && Objects.equals(firstHist.get(2), last.get(2));
    if (comparable) {
      // two distributions of different sizes compare by their shares, not their counts
      bar(bars, "earliest (share)", earliest.getDouble(0), earliest.getString(2),
          shares(firstHist.getList(3)));
      bar(bars, "latest (share)", latest.getDouble(0), latest.getString(8),
          shares(last.getList(3)));
    } else {
      bar(bars, count > 1 ? "latest" : "value", latest.getDouble(0), latest.getString(8),
          last.getList(3));
    }
    return h;
  }

  private static List<Double> shares(List<Double> counts) {
    double total = 0;
    for (Double c : counts) {
      total += c == null ? 0 : c;
    }
    List<Double> shares = new ArrayList<>();
    for (Double c : counts) {
      shares.add(total > 0 && c != null ? c / total : null);
    }
    return shares;
  }

  private void bar(ArrayNode bars, String label, double time, String runId, List<Double> counts) {
    ObjectNode bar = bars.addObject();
    bar.put("label", label);
    bar.put("time", time);
    bar.put("run_id", runId);
    numbers(bar.putArray("counts"), counts);
  }

  private ObjectNode table(ObjectNode t, Row table) {
    List<String> columns = table.getList(0);
    // a data profile's table: each column's null share, next to its counts
    boolean profile = columns.equals(ProfileStats.TABLE_COLUMNS);
    int width = Math.min(columns.size(), TABLE_COLUMNS);
    List<String> shownColumns = new ArrayList<>(columns.subList(0, width));
    List<String> types = new ArrayList<>(table.<String>getList(1).subList(0, width));
    if (profile) {
      shownColumns.add(NULL_SHARE);
      types.add(StatType.NUMBER.name());
    }
    putStrings(t, "columns", shownColumns);
    putStrings(t, "types", types);
    List<String> rowNames = table.isNullAt(2) ? List.of() : table.getList(2);
    List<Object> rows = table.isNullAt(3) ? List.of() : table.getList(3);
    ArrayNode out = t.putArray("rows");
    int shown = Math.min(rows.size(), Math.min(TABLE_ROWS, TABLE_CELLS / Math.max(1, width)));
    for (int i = 0; i < shown; i++) {
      ObjectNode row = out.addObject();
      row.put("name", i < rowNames.size() ? rowNames.get(i) : null);
      ArrayNode cells = row.putArray("cells");
      List<?> cellsOfRow = scalaList(rows.get(i));
      for (Object cell : cellsOfRow.subList(0, Math.min(cellsOfRow.size(), width))) {
        Row c = (Row) cell;
        if (c == null || (c.isNullAt(0) && c.isNullAt(1) && c.isNullAt(2))) {
          cells.addNull();
        } else if (!c.isNullAt(0)) {
          double v = c.getDouble(0);
          if (Double.isFinite(v)) {
            cells.add(v);
          } else {
            cells.add(text(v));
          }
        } else if (!c.isNullAt(1)) {
          cells.add(cut(c.getString(1), CELL_CHARS));
        } else {
          cells.add(c.getBoolean(2));
        }
      }
      if (profile) {
        addNumber(cells, nullShare(cells.get(columns.indexOf("count")),
            cells.get(columns.indexOf("missing"))));
      }
    }
    t.put("truncated", rows.size() - shown);
    t.put("columns_truncated", columns.size() - width);
    return t;
  }

  /** Nulls among all values of a profiled column; NaN when it had none. */
  private static double nullShare(JsonNode count, JsonNode missing) {
    double nulls = missing.asDouble(0);
    double all = count.asDouble(0) + nulls;
    return all > 0 ? nulls / all : Double.NaN;
  }

  /** A list from a Row holds a Scala or a Java list depending on how it was read: both become Java. */
  private static List<?> scalaList(Object list) {
    if (list instanceof List<?> javaList) {
      return javaList;
    }
    return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) list);
  }

  private String pretty(String text) {
    if (text == null) {
      return null;
    }
    String shown;
    try {
      shown = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(text));
    } catch (IOException e) {
      shown = text;
    }
    return shown.length() <= OPAQUE_CHARS ? shown
        : shown.substring(0, OPAQUE_CHARS) + "\n... (" + (shown.length() - OPAQUE_CHARS)
            + " more characters)";
  }

  // ---- drift

  private ObjectNode drift(ObjectNode totals) {
    Dataset<Row> drift = read(StoreTable.DRIFT);
    if (query.model() != null) {
      drift = drift.where(col(StoreSchema.MODEL_NAME).equalTo(query.model()).or(inModelRuns()));
    }
    drift = drift.withColumn(SECS, secs(col(StoreSchema.TIME)))
        .withColumn("window_secs", secs(col(DriftTable.WINDOW_START)));
    Column[] keyColumns = {col(DriftTable.COMPARISON), col(SECS), col(StoreSchema.BATCH_ID),
        col("window_secs"), col(DriftTable.BASELINE)};
    Dataset<Row> keys = drift.groupBy(keyColumns).count();
    long total = keys.count();
    List<Row> shown = new ArrayList<>(keys.orderBy(col(SECS).desc()).limit(DRIFT_COMPARISONS)
        .collectAsList());
    Collections.reverse(shown);
    ObjectNode out = json.createObjectNode();
    out.put("count", total);
    ArrayNode comparisons = out.putArray("comparisons");
    ArrayNode columnsOut = out.putArray("columns");
    ArrayNode cells = out.putArray("cells");
    if (shown.isEmpty()) {
      return out;
    }
    Map<List<Object>, Integer> index = new LinkedHashMap<>();
    for (Row k : shown) {
      index.put(comparisonKey(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4)), index.size());
      ObjectNode c = comparisons.addObject();
      c.put("time", k.getDouble(1));
      seen(k.getDouble(1));
      c.put("baseline", k.getString(4));
      c.put("label", !k.isNullAt(2) ? "batch " + k.getLong(2)
          : !k.isNullAt(3) ? "window " + Instant.ofEpochMilli(Math.round(k.getDouble(3) * 1000))
          : k.getString(0));
    }
    List<Row> rows = drift.where(col(SECS).geq(shown.get(0).getDouble(1)))
        .select(col(DriftTable.COMPARISON), col(SECS), col(StoreSchema.BATCH_ID), col("window_secs"),
            col(DriftTable.BASELINE), col(DriftTable.COLUMN_NAME), col(DriftTable.METHOD),
            col(DriftTable.SCORE), col(DriftTable.THRESHOLD), col(DriftTable.DRIFTED))
        .collectAsList();
    TreeSet<String> names = new TreeSet<>();
    for (Row r : rows) {
      if (index.containsKey(comparisonKey(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
          && r.getString(5) != null) {
        names.add(r.getString(5));
      }
    }
    List<String> columns = names.stream().limit(DRIFT_COLUMNS).toList();
    totals.put("drift_columns", names.size());
    columns.forEach(columnsOut::add);
    for (Row r : rows) {
      Integer k = index.get(comparisonKey(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)));
      int c = columns.indexOf(r.getString(5));
      if (k == null || c < 0) {
        continue;
      }
      ObjectNode cell = cells.addObject();
      cell.put("c", c);
      cell.put("k", k);
      double score = doubleOrNaN(r, 7);
      double threshold = r.getDouble(8);
      putNumber(cell, "score", score);
      cell.put("threshold", threshold);
      cell.put("drifted", r.getBoolean(9));
      cell.put("method", r.getString(6));
      cell.put("level", level(r.getString(6), score, threshold));
    }
    return out;
  }

  private static List<Object> comparisonKey(Object... parts) {
    return Arrays.asList(parts);
  }

  /**
   * How far a score is past its threshold, in [0, 1]: 0.5 at the threshold, 1 at twice as far (a
   * distance twice the threshold, a p-value half of it), 0 when there is no score.
   */
  static double level(String method, double score, double threshold) {
    if (Double.isNaN(score) || threshold <= 0) {
      return 0;
    }
    boolean pValue;
    try {
      pValue = DriftMethod.ofKey(method).pValue();
    } catch (IllegalArgumentException unknown) {
      pValue = false;
    }
    double ratio = pValue ? threshold / Math.max(score, Double.MIN_NORMAL) : score / threshold;
    return Math.max(0, Math.min(1, ratio / 2));
  }

  // ---- events

  private ObjectNode events() {
    Dataset<Row> events = read(StoreTable.EVENTS);
    if (query.model() != null) {
      events = events.where(inModelRuns());
    }
    events = events.withColumn(SECS, secs(col(StoreSchema.TIME)));
    Row span = events.agg(count(lit(1)), min(SECS), max(SECS)).first();
    ObjectNode out = json.createObjectNode();
    out.put("count", span.getLong(0));
    ArrayNode rows = out.putArray("rows");
    if (span.getLong(0) == 0) {
      return out;
    }
    seen(span.getDouble(1));
    seen(span.getDouble(2));
    List<Row> latest = new ArrayList<>(events.orderBy(col(SECS).desc(), col(StoreSchema.SEQ).desc())
        .limit(EVENT_ROWS)
        .select(SECS, StoreSchema.TYPE, StoreSchema.SEVERITY, StoreSchema.IS_ALERT,
            StoreSchema.TITLE, StoreSchema.MESSAGE, StoreSchema.MLAPP, StoreSchema.RUN_ID)
        .collectAsList());
    Collections.reverse(latest);
    for (Row r : latest) {
      ObjectNode e = rows.addObject();
      e.put("time", r.getDouble(0));
      e.put("type", r.getString(1));
      e.put("severity", r.getString(2));
      e.put("alert", !r.isNullAt(3) && r.getBoolean(3));
      e.put("title", r.getString(4));
      e.put("message", r.getString(5));
      e.put("mlapp", r.getString(6));
      e.put("run_id", r.getString(7));
    }
    return out;
  }

  // ---- models and runs

  /** The versions as they stand (whatever the time range), the newest of each model first. */
  private ArrayNode versions(ObjectNode totals) {
    Dataset<Row> versions = view("models");
    if (query.model() != null) {
      versions = versions.where(col("name").equalTo(query.model()));
      modelRuns = versions.select("run_id").where(col("run_id").isNotNull()).distinct()
          .as(Encoders.STRING()).collectAsList();
    }
    List<Row> rows = versions.select(col("name"), col("version"), col("stage"), col("aliases"),
            col("tags"), col("metrics"), secs(col("created")), col("run_id"),
            col("description"))
        .orderBy(col("name"), col("version").desc()).limit(HISTORY_ROWS).collectAsList();
    totals.put("versions", total(rows, HISTORY_ROWS, versions));
    ArrayNode out = json.createArrayNode();
    for (Row r : rows) {
      ObjectNode v = out.addObject();
      v.put("name", r.getString(0));
      v.put("version", r.getLong(1));
      v.put("stage", r.getString(2));
      putStrings(v, "aliases", r.getList(3));
      ObjectNode tags = v.putObject("tags");
      r.<String, String>getJavaMap(4).forEach(tags::put);
      ObjectNode metrics = v.putObject("metrics");
      r.<String, Double>getJavaMap(5).forEach((k, m) -> putNumber(metrics, k, m));
      putNumber(v, "created", doubleOrNaN(r, 6));
      v.put("run_id", r.getString(7));
      v.put("description", r.getString(8));
    }
    return out;
  }

  private ArrayNode history() {
    Dataset<Row> history = read(StoreTable.MODEL_HISTORY);
    if (query.model() != null) {
      history = history.where(col("name").equalTo(query.model()));
    }
    List<Row> rows = new ArrayList<>(history
        .select(secs(col(StoreSchema.TIME)).as(SECS), col("name"),
            col("version"), col("action"), col("from_stage"), col("to_stage"), col("key"),
            col("text"), col("value"), col("reason"), col("event_seq"))
        .orderBy(col(SECS).desc(), col("event_seq").desc()).limit(HISTORY_ROWS).collectAsList());
    Collections.reverse(rows);
    ArrayNode out = json.createArrayNode();
    for (Row r : rows) {
      ObjectNode h = out.addObject();
      h.put("time", r.getDouble(0));
      h.put("name", r.getString(1));
      h.put("version", r.getLong(2));
      h.put("action", r.getString(3));
      h.put("from", r.getString(4));
      h.put("to", r.getString(5));
      h.put("key", r.getString(6));
      h.put("text", r.getString(7));
      putNumber(h, "value", doubleOrNaN(r, 8));
      h.put("reason", r.getString(9));
    }
    return out;
  }

  private ObjectNode runs() {
    Dataset<Row> runs = view("runs");
    if (query.since() != null) {
      runs = runs.where(col("end").geq(Timestamp.from(query.since())));
    }
    if (query.until() != null) {
      runs = runs.where(col("start").lt(Timestamp.from(query.until())));
    }
    if (query.model() != null) {
      runs = runs.where(inModelRuns());
    }
    ObjectNode out = json.createObjectNode();
    out.put("count", runs.count());
    ArrayNode rows = out.putArray("rows");
    for (Row r : runs.select(col("run_id"), col("mlapp"), secs(col("start")),
            secs(col("end")), col("params"), col("metrics"), col("models"),
            col("stats"), col("name"), col("parent_run_id"), col("inputs"), col("outputs"))
        .orderBy(col("start").desc()).limit(RUN_ROWS).collectAsList()) {
      ObjectNode run = rows.addObject();
      run.put("run_id", r.getString(0));
      run.put("mlapp", r.getString(1));
      putNumber(run, "start", doubleOrNaN(r, 2));
      putNumber(run, "end", doubleOrNaN(r, 3));
      ObjectNode params = run.putObject("params");
      r.<String, String>getJavaMap(4).forEach(params::put);
      ObjectNode metrics = run.putObject("metrics");
      r.<String, Double>getJavaMap(5).forEach((k, m) -> putNumber(metrics, k, m));
      putStrings(run, "models", r.getList(6));
      run.put("stats", r.getLong(7));
      run.put("name", r.getString(8));
      run.put("parent", r.getString(9));
      putStrings(run, "inputs", relations(r.getList(10)));
      putStrings(run, "outputs", relations(r.getList(11)));
    }
    return out;
  }

  /**
   * A run's inputs or outputs as the page lists them ({@code delta file:/t @ 3}), the first
   * {@value #RUN_RELATIONS} and how many more.
   */
  private static List<String> relations(List<Row> relations) {
    List<String> shown = new ArrayList<>();
    for (Row d : relations.subList(0, Math.min(RUN_RELATIONS, relations.size()))) {
      String where = d.isNullAt(1) ? d.getString(2) : d.getString(1);
      shown.add(d.getString(0) + " " + where + (d.isNullAt(3) ? "" : " @ " + d.getLong(3)));
    }
    if (relations.size() > RUN_RELATIONS) {
      shown.add("and " + (relations.size() - RUN_RELATIONS) + " more");
    }
    return shown;
  }

  // ---- JSON values

  private void seen(double secs) {
    if (Double.isFinite(secs)) {
      first = Double.isNaN(first) ? secs : Math.min(first, secs);
      last = Double.isNaN(last) ? secs : Math.max(last, secs);
    }
  }

  /**
   * A chart's time, to the millisecond: a chart cannot show finer, and the page is a third
   * smaller for it.
   */
  private static double chartTime(double secs) {
    return Math.round(secs * 1000) / 1000.0;
  }

  /** A chart's value, to 8 significant digits, as its hover shows them. */
  private static double chartValue(double v) {
    return Double.isFinite(v) && v != 0 ? new BigDecimal(v).round(CHART_DIGITS).doubleValue() : v;
  }

  private static double secs(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  private static void putSecs(ObjectNode node, String key, Instant t) {
    if (t == null) {
      node.putNull(key);
    } else {
      node.put(key, secs(t));
    }
  }

  /** A number a chart draws: JSON has no NaN or infinity, so those are gaps (null). */
  private static void putNumber(ObjectNode node, String key, Double v) {
    if (v == null || !Double.isFinite(v)) {
      node.putNull(key);
    } else {
      node.put(key, v);
    }
  }

  private static void addNumber(ArrayNode array, double v) {
    if (Double.isFinite(v)) {
      array.add(v);
    } else {
      array.addNull();
    }
  }

  private static void numbers(ArrayNode array, List<Double> values) {
    for (Double v : values) {
      addNumber(array, v == null ? Double.NaN : v);
    }
  }

  private static void putNumbers(ObjectNode node, String key, List<Double> values) {
    if (values == null) {
      node.putNull(key);
    } else {
      numbers(node.putArray(key), values);
    }
  }

  private static void putStrings(ObjectNode node, String key, List<String> values) {
    if (values == null) {
      node.putNull(key);
    } else {
      ArrayNode array = node.putArray(key);
      values.forEach(array::add);
    }
  }

  /** A number shown as text: as Java writes it, NaN and infinities included. */
  private static String text(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
