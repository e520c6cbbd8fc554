package io.github.sparkmlops.run;

import io.github.sparkmlops.internal.value.Require;

/**
 * Where a record comes from; stored on every stat and event. Each field follows the name rule of
 * {@link io.github.sparkmlops.value}.
 *
 * @param mlapp the ML application (a group of pipelines), from {@code spark.mlops.mlapp}
 * @param pipeline the pipeline, from {@code spark.mlops.pipeline}
 * @param node the pipeline's node (training, inference, ...), from {@code spark.mlops.node}
 * @param runId the Spark application id, with {@code _<attempt>} when the application has attempts
 * @param host the driver's host name
 */
public record RunContext(String mlapp, String pipeline, String node, String runId, String host) {

  /**
   * Checks each part against the name rule of {@link io.github.sparkmlops.value}.
   *
   * @param mlapp the ML application (a group of pipelines), from {@code spark.mlops.mlapp}
   * @param pipeline the pipeline, from {@code spark.mlops.pipeline}
   * @param node the pipeline's node (training, inference, ...), from {@code spark.mlops.node}
   * @param runId the Spark application id, with {@code _<attempt>} when the application has attempts
   * @param host the driver's host name
   */
  public RunContext {
    Require.name("mlapp", mlapp);
    Require.name("pipeline", pipeline);
    Require.name("node", node);
    Require.name("runId", runId);
    Require.name("host", host);
  }
}
