/**
 * The places where the library leans on a Spark internal that differs between Spark lines or on
 * vendor runtimes, each with a fallback on public API: {@link
 * io.github.sparkmlops.internal.compat.SparkSeam}.
 */
package io.github.sparkmlops.internal.compat;
