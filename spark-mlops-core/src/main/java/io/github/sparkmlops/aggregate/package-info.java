/**
 * Aggregate expressions for Dataset code, usable in {@code df.agg(...)}, {@code
 * df.groupBy(...).agg(...)} and {@code df.observe(...)} (so per micro-batch too): {@link
 * io.github.sparkmlops.aggregate.MLOpsFunctions} (histograms, categorical histograms, vector
 * statistics) and {@link io.github.sparkmlops.aggregate.DataProfiler}, a whole-Dataset profile in
 * one pass: a Catalyst aggregate ({@code ProfileAggregate}) in {@code agg} and {@code observe}, or
 * a job of its own ({@code ProfileJob}) that reads column batches where the scan has them.
 */
package io.github.sparkmlops.aggregate;
