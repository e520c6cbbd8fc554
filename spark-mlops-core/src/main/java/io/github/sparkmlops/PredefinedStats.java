package io.github.sparkmlops;

/**
 * Stat names with an agreed meaning, so dashboards and health checks find them without guessing.
 * The values follow ParallelM's names where one existed.
 */
public final class PredefinedStats {

  /** How many predictions a pipeline made (a number, usually TIME_SERIES). */
  public static final String PREDICTIONS_COUNT = "pipelinestat.count";
  /** Samples processed per second. */
  public static final String SAMPLES_PER_SEC = "pipelinestat.samplesPerSec";
  /** Average latency of one prediction, in milliseconds. */
  public static final String AVG_LATENCY_MILLIS = "pipelinestat.avePMLatencyMillis";
  /** When the model in use was produced (epoch milliseconds). */
  public static final String MODEL_OUTPUT_TIMESTAMP = "pipelinestat.modelOutputTimestamp";
  /** Number of times the model in use was replaced. */
  public static final String MODEL_UPDATED = "pipelinestat.modelUpdated";
  /** The distribution of predictions (a histogram). */
  public static final String PREDICTION_HISTOGRAM = "PredictionHistogram";

  private PredefinedStats() {}
}
