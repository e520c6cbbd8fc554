/**
 * Mergeable, bounded summaries of data: continuous distributions (fixed edges, or automatic bins
 * from {@link io.github.sparkmlops.internal.sketch.LogBucketSketch}, the relative-error sketch a
 * whole-Dataset profile uses, when no range is known up front), categorical counts (exact up to a
 * bound, then a frequent-items sketch) and vector statistics (the numbers MLlib's {@code
 * Summarizer} gives).
 *
 * <p>A summary is filled where the data lives (a task, an aggregation buffer), merged on the
 * driver in any order, and turned into stats with {@link io.github.sparkmlops.sketch.Summary#stats}.
 * Its memory is bounded whatever the data size. Accumulators ({@code accumulate}) and aggregate
 * expressions ({@code aggregate}) are thin wrappers around these classes. Each summary is stored
 * and sent in a versioned binary format ({@link io.github.sparkmlops.sketch.Summary#toBytes()}).
 */
package io.github.sparkmlops.sketch;
