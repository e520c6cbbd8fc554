package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.run.RunContext;
import java.time.Instant;

/**
 * The {@code lineage} table, append-only: one row per relation a successful query of the run read
 * ({@code input}) or wrote ({@code output}): a Delta table with the version read or written, a
 * folder of Parquet, ORC, CSV, JSON or text files, a catalog table, or the MLOps store itself.
 * Rows of one query share {@code execution_id}; the rows of a streaming query's micro-batch (its
 * sources and its sink) carry the stream columns instead.
 */
public final class LineageTable {

  /** {@value #INPUT} or {@value #OUTPUT}. */
  public static final String DIRECTION = "direction";
  /** The data source's short name: {@code delta}, {@code parquet}, {@code csv}, {@code mlops}. */
  public static final String FORMAT = "format";
  /** Where the data is, as Spark resolved it (a URI such as {@code file:/data/t}), or null. */
  public static final String PATH = "path";
  /** The catalog table's qualified name, or null when the data was named by its path. */
  public static final String TABLE_NAME = "table_name";
  /** The Delta table's id (its metadata id, stable across versions), or null. */
  public static final String TABLE_ID = "table_id";
  /** The Delta version read or written, or null for other formats. */
  public static final String VERSION = "version";
  /** Data files: of the relation read (for Delta, of the version read) or written; null if unknown. */
  public static final String FILES = "files";
  /** The total size of those files in bytes; null if unknown. */
  public static final String BYTES = "bytes";
  /**
   * Spark's id of the query ({@code QueryExecution.id}), shared by all rows of one query; null in
   * the rows of a stream's micro-batch, which {@code query_id} and {@code batch_id} name.
   */
  public static final String EXECUTION_ID = "execution_id";

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";

  /** The table's declaration. */
  public static final TableSpec<LineageRecord> SPEC = new TableSpec<>("lineage",
      StoreSchema.withStream(StoreSchema.withContext()
          .add(DIRECTION, StringType.STRING)
          .add(FORMAT, StringType.STRING)
          .add(PATH, StringType.STRING)
          .add(TABLE_NAME, StringType.STRING)
          .add(TABLE_ID, StringType.STRING)
          .add(VERSION, LongType.LONG)
          .add(FILES, LongType.LONG)
          .add(BYTES, LongType.LONG)
          .add(EXECUTION_ID, LongType.LONG)),
      TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS, TableSpec.meanings(
          DIRECTION, "`input` for a relation read, `output` for one written.",
          FORMAT, "The data source's short name: `delta`, `parquet`, `csv`, `mlops`, ...; `files` "
              + "for a file stream, whose progress does not say which format.",
          PATH, "Where the data is, as Spark resolved it (a URI such as `file:/data/t`), or null.",
          TABLE_NAME, "The catalog table's qualified name, or null when the data was named by "
              + "its path.",
          TABLE_ID, "The Delta table's id (its metadata id, stable across versions), or null.",
          VERSION, "The Delta version read (the time-travel version for `versionAsOf`) or "
              + "written; null for other formats, and for a write whose commit was not found.",
          FILES, "Data files: of the relation read (for Delta, of the version read) or written; "
              + "null if unknown.",
          BYTES, "The total size of those files in bytes; null if unknown.",
          EXECUTION_ID, "Spark's id of the query (`QueryExecution.id`), shared by all rows of one "
              + "query; null in the rows of a stream's micro-batch, which `query_id` and "
              + "`batch_id` name."),
          StoreSchema.STREAM_MEANINGS),
      LineageTable::encode);

  private LineageTable() {}

  /**
   * One relation a query read or wrote, as found in its plan.
   *
   * @param direction {@link #INPUT} or {@link #OUTPUT}
   * @param path where the data is, or null (a catalog table known only by name)
   * @param tableName the catalog table's name, or null
   * @param tableId the Delta table id, or null
   * @param version the Delta version, or null
   * @param files the number of data files, or null if unknown
   * @param bytes their total size, or null if unknown
   */
  public record Relation(String direction, String format, String path, String tableName,
      String tableId, Long version, Long files, Long bytes) {

    public Relation {
      if (!INPUT.equals(direction) && !OUTPUT.equals(direction)) {
        throw new IllegalArgumentException("direction must be input or output, got " + direction);
      }
      Require.notNull("format", format);
      if (path == null && tableName == null) {
        throw new IllegalArgumentException("a relation needs a path or a table name");
      }
    }
  }

  /**
   * One row of the table, before it is written.
   *
   * @param executionId Spark's id of the query, or null for a micro-batch of a stream (then
   *     {@code stream} names it)
   * @param stream the streaming query and micro-batch, or null for a batch query
   */
  public record LineageRecord(Instant time, RunContext context, String writerId, long seq,
      Relation relation, Long executionId, StreamBatch stream) {}

  /** The row of a record. */
  public static Object[] row(LineageRecord r) {
    return SPEC.encode(r);
  }

  private static void encode(LineageRecord r, TableSpec<LineageRecord>.RowBuilder row) {
    StoreSchema.putContext(row, r.time(), r.context(), r.writerId(), r.seq());
    Relation rel = r.relation();
    row.set(DIRECTION, rel.direction())
        .set(FORMAT, rel.format())
        .set(PATH, rel.path())
        .set(TABLE_NAME, rel.tableName())
        .set(TABLE_ID, rel.tableId())
        .set(VERSION, rel.version())
        .set(FILES, rel.files())
        .set(BYTES, rel.bytes())
        .set(EXECUTION_ID, r.executionId());
    StoreSchema.putStream(row, r.stream());
  }
}
