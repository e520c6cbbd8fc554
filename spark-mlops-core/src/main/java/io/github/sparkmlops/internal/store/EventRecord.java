package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.run.RunContext;

/** One row of the events table, before it is written. */
public record EventRecord(RunContext context, String writerId, long seq, Event event) {}
