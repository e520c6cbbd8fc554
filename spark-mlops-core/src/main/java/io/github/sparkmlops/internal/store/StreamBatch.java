package io.github.sparkmlops.internal.store;

import java.util.Objects;

/**
 * The Structured Streaming query, and the micro-batch of it, that a record describes; stored in the
 * {@code query_*} and {@code batch_id} columns.
 *
 * @param queryName the query's name, or null when it has none
 * @param queryId the query's id, the same across restarts from its checkpoint
 * @param runId the id of this run of the query, new at every start
 * @param batchId the micro-batch, or null for a record about the query as a whole (started,
 *     terminated)
 */
public record StreamBatch(String queryName, String queryId, String runId, Long batchId) {

  public StreamBatch {
    Objects.requireNonNull(queryId, "queryId");
    Objects.requireNonNull(runId, "runId");
  }
}
