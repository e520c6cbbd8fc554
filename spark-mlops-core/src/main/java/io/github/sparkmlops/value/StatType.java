package io.github.sparkmlops.value;

/** The kind of a stat, stored in the {@code type} column; it says which value column is filled. */
public enum StatType {
  /** A number, in {@code value}. */
  NUMBER,
  /** A key performance indicator: a number in {@code value}, at a time the caller chose. */
  KPI,
  /** A string, in {@code text}. */
  STRING,
  /** A vector of numbers with optional labels, in {@code vector}. */
  VECTOR,
  /** A continuous or categorical histogram, in {@code histogram}. */
  HISTOGRAM,
  /** A table of typed cells with row and column names, in {@code table}. */
  TABLE,
  /** Several named series sampled at one time, in {@code graph}. */
  MULTI_LINE_GRAPH,
  /** An opaque JSON document, in {@code json}. */
  OPAQUE
}
