package io.github.sparkmlops.value;

/**
 * A value that can be reported as a stat. Every implementation is immutable and validated when it is
 * built, so a value that exists is a value the store accepts.
 */
public sealed interface StatValue
    permits NumberValue, TextValue, VectorValue, Histogram, Table, MultiLineGraph, OpaqueValue {

  /**
   * The stat type this value is stored as.
   *
   * @return the stat type
   */
  StatType type();
}
