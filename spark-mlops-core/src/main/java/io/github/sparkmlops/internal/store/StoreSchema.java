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
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.TextValue;
import io.github.sparkmlops.value.VectorValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's tables, declared once for the writer and every reader: column names, column types
 * and the {@link TableSpec} of each table, with the encoders that turn records into rows.
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
  /** The model version a stat describes (null when none), for the model registry and drift. */
  public static final String MODEL_VERSION = "model_version";
  /** The name of the model a stat describes (null when none), with {@link #MODEL_VERSION}. */
  public static final String MODEL_NAME = "model_name";

  /** The name of the streaming query a record is about (null when it has none). */
  public static final String QUERY_NAME = "query_name";
  /** The id of the streaming query a record is about, the same across restarts. */
  public static final String QUERY_ID = "query_id";
  /** The run of the streaming query a record is about, new at every start. */
  public static final String QUERY_RUN_ID = "query_run_id";
  /** The micro-batch a record is about. */
  public static final String BATCH_ID = "batch_id";

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

  /** What the context columns of {@link #withContext()} hold, in every table. */
  static final Map<String, String> CONTEXT_MEANINGS = TableSpec.meanings(
      TIME, "When the record was made, in microseconds, UTC.",
      DATE, "The partition: the UTC date of `time`.",
      MLAPP, "The ML application: `spark.mlops.mlapp`, by default the application name.",
      PIPELINE, "The pipeline: `spark.mlops.pipeline`, by default the application name.",
      NODE, "The pipeline node, such as training or inference: `spark.mlops.node`, by default the "
          + "application name.",
      RUN_ID, "The Spark application id, with `_<attempt>` added when there are attempts.",
      HOST, "The driver host (`spark.driver.host`, else the local host name).",
      WRITER_ID, "The writer that acknowledged the record, which is also its Delta `txnAppId`.",
      SEQ, "The record's number within its writer. `(writer_id, seq)` identifies a record.");

  /** What the stream columns of {@link #withStream} hold; null in rows about no stream. */
  static final Map<String, String> STREAM_MEANINGS = TableSpec.meanings(
      QUERY_NAME, "The name of the Structured Streaming query the record is about; null when it "
          + "has none or the record is about no query.",
      QUERY_ID, "The id of that query, the same across restarts; null otherwise.",
      QUERY_RUN_ID, "The run of that query, new at every start; null otherwise.",
      BATCH_ID, "The micro-batch the record is about; null otherwise.");

  /**
   * The stats table: one row per reported value. {@link #MODEL_VERSION}, the stream columns and
   * {@link #MODEL_NAME} were added after the first release: tables written before them gain them on
   * their next append, null on their old rows.
   */
  public static final TableSpec<StatRecord> STATS = new TableSpec<>("stats", withStream(withContext()
      .add(NAME, StringType.STRING)
      .add(CATEGORY, StringType.STRING)
      .add(TYPE, StringType.STRING)
      .add(VALUE, DoubleType.DOUBLE)
      .add(TEXT, StringType.STRING)
      .add(VECTOR, VECTOR_TYPE)
      .add(HISTOGRAM, HISTOGRAM_TYPE)
      .add(TABLE, TABLE_TYPE)
      .add(GRAPH, GRAPH_TYPE)
      .add(JSON, StringType.STRING)
      .add(MODEL_VERSION, LongType.LONG)).add(MODEL_NAME, StringType.STRING),
      TableSpec.meanings(CONTEXT_MEANINGS, TableSpec.meanings(
          TIME, "When the stat was reported (for KPIs, the time you gave), in microseconds, UTC.",
          NAME, "The stat's name.",
          CATEGORY, "`CONFIG` (a setting of the run) or `TIME_SERIES` (a point of a series).",
          TYPE, "The value's type, which says the column that holds it: `NUMBER`, `KPI`, `STRING`, "
              + "`VECTOR`, `HISTOGRAM`, `TABLE`, `MULTI_LINE_GRAPH` or `OPAQUE`.",
          VALUE, "The number of a `NUMBER` or `KPI`; null for the other types.",
          TEXT, "The text of a `STRING`.",
          VECTOR, "A `VECTOR`: its `values` and their `labels` (empty when there are none).",
          HISTOGRAM, "A `HISTOGRAM`. `kind` is `CONTINUOUS` (with `edges`) or `CATEGORICAL` (with "
              + "`labels`); `counts` per bin.",
          TABLE, "A `TABLE`. Each cell fills the field its column type (`NUMBER`, `STRING` or "
              + "`BOOLEAN`) names. A null cell is null.",
          GRAPH, "A `MULTI_LINE_GRAPH`: one value per series label.",
          JSON, "An `OPAQUE` value, as JSON.",
          MODEL_VERSION, "The model version a stat describes (`mlops.setStat(version, ...)`, "
              + "evaluations); null for stats about no model."),
          STREAM_MEANINGS, TableSpec.meanings(
          MODEL_NAME, "The name of the model whose `model_version` a stat describes; null "
              + "otherwise.")),
      StoreSchema::encodeStat);

  /** The events table: one row per event or alert. */
  public static final TableSpec<EventRecord> EVENTS = new TableSpec<>("events", withStream(withContext()
      .add(TYPE, StringType.STRING)
      .add(SEVERITY, StringType.STRING)
      .add(IS_ALERT, BooleanType.BOOLEAN)
      .add(TITLE, StringType.STRING)
      .add(MESSAGE, StringType.STRING)
      .add(DETAILS, StringType.STRING)),
      TableSpec.meanings(CONTEXT_MEANINGS, TableSpec.meanings(
          TYPE, "The `EventType`.",
          SEVERITY, "The `Severity`.",
          IS_ALERT, "True for the alert types.",
          TITLE, "A short name.",
          MESSAGE, "Free text, or null.",
          DETAILS, "A JSON document, or null."),
          STREAM_MEANINGS, TableSpec.meanings(
          BATCH_ID, "The micro-batch the event is about; null for a query's start, idle and end, "
              + "and for events about no query.")),
      StoreSchema::encodeEvent);

  private StoreSchema() {}

  /** The context columns every table starts with: where and when a record comes from. */
  static StructType withContext() {
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

  /** The stream columns, last: they came after the first release (see {@link TableSpec}). */
  static StructType withStream(StructType columns) {
    return columns
        .add(QUERY_NAME, StringType.STRING)
        .add(QUERY_ID, StringType.STRING)
        .add(QUERY_RUN_ID, StringType.STRING)
        .add(BATCH_ID, LongType.LONG);
  }

  /** The stats row for a record. */
  public static Object[] statRow(StatRecord r) {
    return STATS.encode(r);
  }

  /** The events row for a record. */
  public static Object[] eventRow(EventRecord r) {
    return EVENTS.encode(r);
  }

  private static void encodeStat(StatRecord r, TableSpec<StatRecord>.RowBuilder row) {
    putContext(row, r.time(), r.context(), r.writerId(), r.seq());
    row.set(NAME, r.name())
        .set(CATEGORY, r.category())
        .set(TYPE, r.type().name())
        .set(MODEL_NAME, r.model() == null ? null : r.model().name())
        .set(MODEL_VERSION, r.model() == null ? null : r.model().version());
    putStream(row, r.stream());
    StatValue v = r.value();
    if (v instanceof NumberValue n) {
      row.set(VALUE, n.value());
    } else if (v instanceof TextValue t) {
      row.set(TEXT, t.text());
    } else if (v instanceof VectorValue vector) {
      row.set(VECTOR, new Object[] {doubles(vector.values()), vector.labels()});
    } else if (v instanceof Histogram h) {
      row.set(HISTOGRAM,
          new Object[] {h.kind().name(), doubles(h.edges()), h.labels(), doubles(h.counts())});
    } else if (v instanceof Table t) {
      row.set(TABLE, tableStruct(t));
    } else if (v instanceof MultiLineGraph g) {
      row.set(GRAPH, new Object[] {g.labels(), doubles(g.values())});
    } else {
      row.set(JSON, ((OpaqueValue) v).json());
    }
  }

  private static void encodeEvent(EventRecord r, TableSpec<EventRecord>.RowBuilder row) {
    Event e = r.event();
    putContext(row, e.time(), r.context(), r.writerId(), r.seq());
    row.set(TYPE, e.type().name())
        .set(SEVERITY, e.severity().name())
        .set(IS_ALERT, e.isAlert())
        .set(TITLE, e.title())
        .set(MESSAGE, e.message())
        .set(DETAILS, e.detailsJson());
    putStream(row, r.stream());
  }

  /** Sets the context columns of {@link #withContext()}. */
  static void putContext(TableSpec<?>.RowBuilder row, Instant time, RunContext c,
      String writerId, long seq) {
    row.set(TIME, StoreTime.micros(time))
        .set(DATE, StoreTime.days(time))
        .set(MLAPP, c.mlapp())
        .set(PIPELINE, c.pipeline())
        .set(NODE, c.node())
        .set(RUN_ID, c.runId())
        .set(HOST, c.host())
        .set(WRITER_ID, writerId)
        .set(SEQ, seq);
  }

  static void putStream(TableSpec<?>.RowBuilder row, StreamBatch stream) {
    if (stream != null) {
      row.set(QUERY_NAME, stream.queryName())
          .set(QUERY_ID, stream.queryId())
          .set(QUERY_RUN_ID, stream.runId())
          .set(BATCH_ID, stream.batchId());
    }
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
