package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.TextValue;
import io.github.sparkmlops.value.VectorValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the store's tables, defined once for the writer and every reader.
 *
 * <p>A row is an {@code Object[]} in schema order: strings, boxed numbers and booleans,
 * {@code Long} microseconds since the epoch (UTC) for timestamps, {@code Integer} days since the
 * epoch for dates, {@code Object[]} for structs and {@code List} for arrays.
 */
public final class StoreSchema {

  /** The partition column of every table: the UTC date of {@link #TIME}. */
  public static final String DATE = "date";
  public static final String TIME = "time";
  public static final String MLAPP = "mlapp";
  public static final String PIPELINE = "pipeline";
  public static final String NODE = "node";
  public static final String RUN_ID = "run_id";
  public static final String HOST = "host";
  public static final String WRITER_ID = "writer_id";
  public static final String SEQ = "seq";

  public static final String NAME = "name";
  public static final String CATEGORY = "category";
  public static final String TYPE = "type";
  public static final String VALUE = "value";
  public static final String TEXT = "text";
  public static final String VECTOR = "vector";
  public static final String HISTOGRAM = "histogram";
  public static final String TABLE = "table";
  public static final String GRAPH = "graph";
  public static final String JSON = "json";

  public static final String SEVERITY = "severity";
  public static final String IS_ALERT = "is_alert";
  public static final String TITLE = "title";
  public static final String MESSAGE = "message";
  public static final String DETAILS = "details";

  private static final DataType STRINGS = new ArrayType(StringType.STRING, true);
  private static final DataType DOUBLES = new ArrayType(DoubleType.DOUBLE, true);

  /** {@code vector}: the elements and their labels (empty when unlabelled). */
  public static final StructType VECTOR_TYPE =
      new StructType().add("values", DOUBLES).add("labels", STRINGS);

  /** {@code histogram}: {@code kind} is CONTINUOUS (with edges) or CATEGORICAL (with labels). */
  public static final StructType HISTOGRAM_TYPE = new StructType()
      .add("kind", StringType.STRING)
      .add("edges", DOUBLES)
      .add("labels", STRINGS)
      .add("counts", DOUBLES);

  /** A table cell: exactly one field is set, as the column type says, or none for a null cell. */
  public static final StructType CELL_TYPE = new StructType()
      .add("number", DoubleType.DOUBLE)
      .add("text", StringType.STRING)
      .add("flag", BooleanType.BOOLEAN);

  /** {@code table}: names, column types (NUMBER, STRING, BOOLEAN) and rows of cells. */
  public static final StructType TABLE_TYPE = new StructType()
      .add("column_names", STRINGS)
      .add("column_types", STRINGS)
      .add("row_names", STRINGS)
      .add("rows", new ArrayType(new ArrayType(CELL_TYPE, true), true));

  /** {@code graph}: one value per series label. */
  public static final StructType GRAPH_TYPE =
      new StructType().add("labels", STRINGS).add("values", DOUBLES);

  /** The stats table: one row per reported value. */
  public static final StructType STATS = withContext()
      .add(NAME, StringType.STRING)
      .add(CATEGORY, StringType.STRING)
      .add(TYPE, StringType.STRING)
      .add(VALUE, DoubleType.DOUBLE)
      .add(TEXT, StringType.STRING)
      .add(VECTOR, VECTOR_TYPE)
      .add(HISTOGRAM, HISTOGRAM_TYPE)
      .add(TABLE, TABLE_TYPE)
      .add(GRAPH, GRAPH_TYPE)
      .add(JSON, StringType.STRING);

  /** The events table: one row per event or alert. */
  public static final StructType EVENTS = withContext()
      .add(TYPE, StringType.STRING)
      .add(SEVERITY, StringType.STRING)
      .add(IS_ALERT, BooleanType.BOOLEAN)
      .add(TITLE, StringType.STRING)
      .add(MESSAGE, StringType.STRING)
      .add(DETAILS, StringType.STRING);

  private static final int CONTEXT_COLUMNS = 9;

  private StoreSchema() {}

  private static StructType withContext() {
    return new StructType()
        .add(TIME, TimestampType.TIMESTAMP)
        .add(DATE, DateType.DATE)
        .add(MLAPP, StringType.STRING)
        .add(PIPELINE, StringType.STRING)
        .add(NODE, StringType.STRING)
        .add(RUN_ID, StringType.STRING)
        .add(HOST, StringType.STRING)
        .add(WRITER_ID, StringType.STRING)
        .add(SEQ, LongType.LONG);
  }

  /** The stats row for a record. */
  public static Object[] statRow(StatRecord r) {
    Object[] row = new Object[STATS.length()];
    int i = putContext(row, r.time(), r.context(), r.writerId(), r.seq());
    row[i++] = r.name();
    row[i++] = r.category();
    row[i++] = r.type().name();
    StatValue v = r.value();
    if (v instanceof NumberValue n) {
      row[i] = n.value();
    } else if (v instanceof TextValue t) {
      row[i + 1] = t.text();
    } else if (v instanceof VectorValue vector) {
      row[i + 2] = new Object[] {doubles(vector.values()), vector.labels()};
    } else if (v instanceof Histogram h) {
      row[i + 3] = new Object[] {h.kind().name(), doubles(h.edges()), h.labels(), doubles(h.counts())};
    } else if (v instanceof Table t) {
      row[i + 4] = tableStruct(t);
    } else if (v instanceof MultiLineGraph g) {
      row[i + 5] = new Object[] {g.labels(), doubles(g.values())};
    } else {
      row[i + 6] = ((OpaqueValue) v).json();
    }
    return row;
  }

  /** The events row for a record. */
  public static Object[] eventRow(EventRecord r) {
    Event e = r.event();
    Object[] row = new Object[EVENTS.length()];
    int i = putContext(row, e.time(), r.context(), r.writerId(), r.seq());
    row[i++] = e.type().name();
    row[i++] = e.severity().name();
    row[i++] = e.isAlert();
    row[i++] = e.title();
    row[i++] = e.message();
    row[i] = e.detailsJson();
    return row;
  }

  /** The partition value of a row: its {@link #DATE}, as days since the epoch. */
  public static int dateOf(Object[] row) {
    return (Integer) row[1];
  }

  private static int putContext(Object[] row, Instant time, RunContext c, String writerId, long seq) {
    long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L),
        time.getNano() / 1_000);
    row[0] = micros;
    row[1] = (int) LocalDate.ofInstant(time, ZoneOffset.UTC).toEpochDay();
    row[2] = c.mlapp();
    row[3] = c.pipeline();
    row[4] = c.node();
    row[5] = c.runId();
    row[6] = c.host();
    row[7] = writerId;
    row[8] = seq;
    return CONTEXT_COLUMNS;
  }

  private static Object tableStruct(Table t) {
    List<String> types = t.columnTypes().stream().map(Enum::name).toList();
    List<List<Object[]>> rows = new ArrayList<>(t.rows().size());
    for (List<Object> cells : t.rows()) {
      List<Object[]> out = new ArrayList<>(cells.size());
      for (Object cell : cells) {
        out.add(cell == null ? null : new Object[] {
            cell instanceof Double d ? d : null,
            cell instanceof String s ? s : null,
            cell instanceof Boolean b ? b : null});
      }
      rows.add(out);
    }
    return new Object[] {t.columnNames(), types, t.rowNames(), rows};
  }

  private static List<Double> doubles(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return list;
  }
}
