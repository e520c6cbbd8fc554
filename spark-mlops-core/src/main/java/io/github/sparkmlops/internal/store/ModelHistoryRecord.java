package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.run.RunContext;
import java.time.Instant;

/**
 * One row of the {@code model_history} table: a change to a registered model after publication (a
 * stage transition, an alias set or removed, a tag set or removed, a metric logged).
 *
 * @param version the version changed, or null for a change to the model (a model tag, an alias
 *     removed)
 * @param action what changed, a {@code ModelHistory.Action} name
 * @param key the alias, tag key or metric name the change is about, or null
 * @param text the tag's value, or null
 * @param value the metric's value, or null
 * @param eventSeq the change's number among the model's changes, from 1, without gaps: the order
 *     of changes, whatever the writers' clocks say
 */
public record ModelHistoryRecord(
    Instant time, RunContext context, String writerId, String name, Long version, String action,
    String fromStage, String toStage, String key, String text, Double value, String reason,
    long eventSeq) {}
