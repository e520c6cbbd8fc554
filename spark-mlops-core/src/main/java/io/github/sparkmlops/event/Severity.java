package io.github.sparkmlops.event;

/** How urgent an event is, lowest first. */
public enum Severity {
  /** For information: nothing to act on. */
  INFO,
  /** Something to look at; the default for alerts. */
  WARNING,
  /** Something failed. */
  ERROR,
  /** Something failed that needs action now. */
  CRITICAL
}
