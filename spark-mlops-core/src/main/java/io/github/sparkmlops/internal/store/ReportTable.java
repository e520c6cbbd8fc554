package io.github.sparkmlops.internal.store;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.github.sparkmlops.run.RunContext;
import java.time.Instant;

/**
 * The {@code reports} table, append-only: one row per HTML report a run wrote ({@code
 * MLOps.report().write(file)}), so that the reports of a run can be found from the store.
 */
public final class ReportTable {

  /** Where the report was written, as an absolute path on the driver's filesystem. */
  public static final String PATH = "path";
  /** The file's size in bytes. */
  public static final String BYTES = "bytes";
  /** The report's lower time bound, or null. */
  public static final String SINCE = "since";
  /** The report's upper time bound, or null. */
  public static final String UNTIL = "until";
  /** The report's filters, as JSON ({@code mlapp}, {@code stats}, {@code model}). */
  public static final String FILTERS = "filters";

  /** The table's declaration. */
  public static final TableSpec<ReportRecord> SPEC = new TableSpec<>("reports",
      StoreSchema.withContext()
          .add(PATH, StringType.STRING)
          .add(BYTES, LongType.LONG)
          .add(SINCE, TimestampType.TIMESTAMP)
          .add(UNTIL, TimestampType.TIMESTAMP)
          .add(FILTERS, StringType.STRING),
      TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS, TableSpec.meanings(
          StoreSchema.TIME, "When the report was written, in microseconds, UTC.",
          PATH, "Where the report was written, as an absolute path on the driver's filesystem.",
          BYTES, "The file's size in bytes.",
          SINCE, "The report's lower time bound, or null.",
          UNTIL, "The report's upper time bound, or null.",
          FILTERS, "The report's filters, as JSON (`mlapp`, `stats`, `model`).")),
      ReportTable::encode);

  private ReportTable() {}

  /**
   * One row of the table, before it is written.
   *
   * @param since the lower time bound, or null
   * @param until the upper time bound, or null
   * @param filters the other filters as JSON
   */
  public record ReportRecord(Instant time, RunContext context, String writerId, long seq,
      String path, long bytes, Instant since, Instant until, String filters) {}

  /** The row of a record. */
  public static Object[] row(ReportRecord r) {
    return SPEC.encode(r);
  }

  private static void encode(ReportRecord r, TableSpec<ReportRecord>.RowBuilder row) {
    StoreSchema.putContext(row, r.time(), r.context(), r.writerId(), r.seq());
    row.set(PATH, r.path())
        .set(BYTES, r.bytes())
        .set(SINCE, r.since() == null ? null : StoreTime.micros(r.since()))
        .set(UNTIL, r.until() == null ? null : StoreTime.micros(r.until()))
        .set(FILTERS, r.filters());
  }
}
