package io.github.sparkmlops;

/** How repeated reports of one stat are read back. */
public enum StatCategory {
  /** A setting or a one-off result: when set several times, the last value is the one that counts. */
  CONFIG,
  /** A series: every value is kept and plotted over time. */
  TIME_SERIES
}
