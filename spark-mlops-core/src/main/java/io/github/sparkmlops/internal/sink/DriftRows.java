package io.github.sparkmlops.internal.sink;

import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.internal.store.ModelRef;
import java.time.Instant;
import java.util.List;

/**
 * The drift table rows of one comparison, one per column, before the sink gives them their
 * context.
 *
 * @param comparison the comparison's name
 * @param baseline what the data was compared with
 * @param driftType {@code BASELINE} or {@code CONSECUTIVE}
 * @param model the model version whose baseline it was, or null
 * @param features the columns' drift
 * @param windowStart the start of the event-time window compared, or null for none
 * @param windowEnd the end of that window, or null
 */
public record DriftRows(String comparison, String baseline, String driftType, ModelRef model,
    List<FeatureDrift> features, Instant windowStart, Instant windowEnd) {

  /** Against a baseline. */
  public static final String BASELINE = "BASELINE";
  /** Against the previous micro-batch. */
  public static final String CONSECUTIVE = "CONSECUTIVE";

  public DriftRows {
    features = List.copyOf(features);
  }

  /** The rows of a comparison of no event-time window. */
  public DriftRows(String comparison, String baseline, String driftType, ModelRef model,
      List<FeatureDrift> features) {
    this(comparison, baseline, driftType, model, features, null, null);
  }
}
