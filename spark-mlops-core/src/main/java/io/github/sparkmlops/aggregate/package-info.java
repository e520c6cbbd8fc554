/**
 * Aggregate expressions for Dataset code, usable in {@code df.agg(...)}, {@code
 * df.groupBy(...).agg(...)} and {@code df.observe(...)} (so per micro-batch too): {@link
 * io.github.sparkmlops.aggregate.MLOpsFunctions} (histograms, categorical histograms, vector
 * statistics) and {@link io.github.sparkmlops.aggregate.DataProfiler}, a whole-Dataset profile in
 * one pass, computed by one Catalyst aggregate ({@code ProfileAggregate}) that visits every column
 * of a row at once.
 */
package io.github.sparkmlops.aggregate;
