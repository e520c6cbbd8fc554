package io.github.sparkmlops.profile;

/** How a column is profiled; see {@link io.github.sparkmlops.aggregate.DataProfiler}. */
public enum ColumnKind {
  /** Numbers: moments, quantiles and an equal-width histogram. */
  CONTINUOUS,
  /** Strings, booleans and few-valued integers: counts per value. */
  CATEGORICAL,
  /** MLlib vectors and numeric arrays: vector statistics. */
  VECTOR,
  /** Anything else: count and missing only. */
  OTHER
}
