package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.run.RunContext;

/**
 * One row of the events table, before it is written.
 *
 * @param stream the streaming query (and micro-batch) the event is about, or null
 */
public record EventRecord(RunContext context, String writerId, long seq, Event event,
    StreamBatch stream) {

  /** An event about no stream. */
  public EventRecord(RunContext context, String writerId, long seq, Event event) {
    this(context, writerId, seq, event, null);
  }
}
