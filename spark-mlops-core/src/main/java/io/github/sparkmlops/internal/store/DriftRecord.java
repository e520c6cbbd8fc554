package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.run.RunContext;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the {@link DriftTable}, before it is written.
 *
 * @param comparison the name the comparison was made under (a drift call's, a monitor's)
 * @param driftType {@code BASELINE} or {@code CONSECUTIVE}
 * @param score the method's statistic (a p-value for the tests), NaN when a side had no values
 * @param baseline what the current data was compared with: a {@code models:/} URI, a profile's
 *     name, {@code dataset} or {@code previous batch}
 * @param metrics by {@link DriftTable#METRICS} name; absent or NaN ones are stored as null
 * @param model the model version whose baseline it was, or null
 * @param stream the streaming query and batch, or null
 * @param windowStart the start of the event-time window compared, or null
 * @param windowEnd the end of that window, or null
 */
public record DriftRecord(Instant time, RunContext context, String writerId, long seq,
    String comparison, String column, String driftType, String method, double score,
    double threshold, boolean drifted, String baseline, Map<String, Double> metrics,
    ModelRef model, StreamBatch stream, Instant windowStart, Instant windowEnd) {}
