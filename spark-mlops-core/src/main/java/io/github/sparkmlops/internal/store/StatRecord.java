package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import java.time.Instant;

/**
 * One row of the stats table, before it is written.
 *
 * @param type the stored type; {@link StatType#KPI} for a number reported as a KPI, otherwise the
 *     value's own type
 * @param category the name of the stat's {@code StatCategory}
 * @param writerId the writer that acknowledged the record; with {@code seq} it identifies the
 *     record uniquely
 * @param model the model version the stat describes, or null
 * @param stream the streaming query and micro-batch the stat describes, or null
 */
public record StatRecord(
    Instant time, RunContext context, String writerId, long seq, String name,
    String category, StatType type, StatValue value, ModelRef model, StreamBatch stream) {

  /** A stat that describes no stream. */
  public StatRecord(Instant time, RunContext context, String writerId, long seq, String name,
      String category, StatType type, StatValue value, ModelRef model) {
    this(time, context, writerId, seq, name, category, type, value, model, null);
  }

  /** A stat that describes no model version and no stream. */
  public StatRecord(Instant time, RunContext context, String writerId, long seq, String name,
      String category, StatType type, StatValue value) {
    this(time, context, writerId, seq, name, category, type, value, null, null);
  }
}
