/**
 * Mergeable, bounded summaries of data: continuous distributions (fixed edges, or a DataSketches
 * KLL sketch when no range is known up front), categorical counts (exact up to a bound, then a
 * frequent-items sketch) and vector statistics (the numbers MLlib's {@code Summarizer} gives);
 * and {@link io.github.sparkmlops.internal.sketch.LogBucketSketch}, a relative-error quantile sketch cheap
 * enough for the per-row loop of a whole-Dataset profile.
 *
 * <p>A summary is filled where the data lives (a task, an aggregation buffer), merged on the
 * driver in any order, and turned into stats with {@link io.github.sparkmlops.sketch.Summary#stats}.
 * Its memory is bounded whatever the data size. Accumulators ({@code accumulate}) and aggregate
 * expressions ({@code aggregate}) are thin wrappers around these classes.
 */
package io.github.sparkmlops.sketch;
