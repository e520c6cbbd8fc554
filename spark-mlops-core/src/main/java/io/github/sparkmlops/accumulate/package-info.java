/**
 * Spark {@code AccumulatorV2}s for RDD code: histograms (fixed edges or automatic bins), categorical
 * counts, counters and vector statistics. Create them through {@code MLOps}
 * ({@code histogramAccumulator}, {@code categoryAccumulator}, {@code countAccumulator}, {@code
 * vectorAccumulator}) so they are registered with Spark under a stat name and their value is
 * reported when a job that updated them ends.
 *
 * <p><b>Exactly once.</b> Spark applies each task's update once only for updates made inside
 * actions ({@code foreach}, {@code foreachPartition}); updates made inside transformations
 * ({@code map}, {@code filter}) may be applied again when a task or stage is re-executed.
 */
package io.github.sparkmlops.accumulate;
