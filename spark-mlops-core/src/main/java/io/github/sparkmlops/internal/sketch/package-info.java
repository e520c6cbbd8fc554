/**
 * The sketches behind the public summaries: {@link
 * io.github.sparkmlops.internal.sketch.LogBucketSketch}, the one engine of continuous histograms
 * and quantiles.
 */
package io.github.sparkmlops.internal.sketch;
