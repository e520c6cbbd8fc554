package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.Table;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * How one micro-batch's {@link StreamingQueryProgress} is reported: stats named {@code
 * spark.stream.*} (see {@code MLOpsListener} for the list). A number Spark leaves unknown (a sink
 * that does not count its rows, a watermark not yet set) is left out rather than stored as a
 * placeholder.
 */
final class ProgressStats {

  static final String PREFIX = "spark.stream.";

  private ProgressStats() {}

  static List<NamedStat> of(StreamingQueryProgress p) {
    List<NamedStat> out = new ArrayList<>();
    add(out, "input_rows", p.numInputRows());
    add(out, "input_rows_per_second", p.inputRowsPerSecond());
    add(out, "processed_rows_per_second", p.processedRowsPerSecond());
    add(out, "batch_duration_ms", p.batchDuration());
    for (Map.Entry<String, Long> part : p.durationMs().entrySet()) {
      add(out, "duration_ms." + part.getKey(), part.getValue());
    }
    addStateOperators(out, p.stateOperators());
    addWatermark(out, p.eventTime());
    addSources(out, p.sources());
    SinkProgress sink = p.sink();
    if (sink != null && sink.numOutputRows() >= 0) {
      add(out, "sink.output_rows", sink.numOutputRows());
    }
    return out;
  }

  /** Summed over the query's stateful operators, with their count. */
  private static void addStateOperators(List<NamedStat> out, StateOperatorProgress[] operators) {
    if (operators == null || operators.length == 0) {
      return;
    }
    long total = 0;
    long updated = 0;
    long removed = 0;
    long memory = 0;
    long dropped = 0;
    for (StateOperatorProgress op : operators) {
      total += op.numRowsTotal();
      updated += op.numRowsUpdated();
      removed += op.numRowsRemoved();
      memory += op.memoryUsedBytes();
      dropped += op.numRowsDroppedByWatermark();
    }
    add(out, "state.operators", operators.length);
    add(out, "state.rows_total", total);
    add(out, "state.rows_updated", updated);
    add(out, "state.rows_removed", removed);
    add(out, "state.memory_used_bytes", memory);
    add(out, "state.rows_dropped_by_watermark", dropped);
  }

  /**
   * The watermark (epoch milliseconds) and how far it is behind the newest event time of the
   * batch; Spark gives both as ISO-8601 text, the watermark only once it is set.
   */
  private static void addWatermark(List<NamedStat> out, Map<String, String> eventTime) {
    if (eventTime == null) {
      return;
    }
    Instant watermark = instant(eventTime.get("watermark"));
    Instant newest = instant(eventTime.get("max"));
    if (watermark != null && watermark.toEpochMilli() > 0) {
      add(out, "watermark_ms", watermark.toEpochMilli());
      if (newest != null) {
        add(out, "watermark_lag_ms", newest.toEpochMilli() - watermark.toEpochMilli());
      }
    }
  }

  /**
   * Per source, by its position in the query: rows and rates; and the table {@code
   * spark.stream.sources} with each source's description and offsets.
   */
  private static void addSources(List<NamedStat> out, SourceProgress[] sources) {
    if (sources == null || sources.length == 0) {
      return;
    }
    Table.Builder table = Table.builder("description", "input_rows", "input_rows_per_second",
        "processed_rows_per_second", "start_offset", "end_offset", "latest_offset");
    for (int i = 0; i < sources.length; i++) {
      SourceProgress s = sources[i];
      String prefix = "source." + i + ".";
      add(out, prefix + "input_rows", s.numInputRows());
      add(out, prefix + "input_rows_per_second", s.inputRowsPerSecond());
      add(out, prefix + "processed_rows_per_second", s.processedRowsPerSecond());
      table.namedRow(Integer.toString(i), s.description(), s.numInputRows(),
          finiteOrNull(s.inputRowsPerSecond()), finiteOrNull(s.processedRowsPerSecond()),
          s.startOffset(), s.endOffset(), s.latestOffset());
    }
    out.add(new NamedStat(PREFIX + "sources", table.build()));
  }

  private static void add(List<NamedStat> out, String name, double value) {
    // Spark's rates are NaN when a batch took no measurable time
    if (Double.isFinite(value)) {
      out.add(new NamedStat(PREFIX + name, new NumberValue(value)));
    }
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
