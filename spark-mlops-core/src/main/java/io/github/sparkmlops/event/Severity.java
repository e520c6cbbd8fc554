package io.github.sparkmlops.event;

/** How urgent an event is, lowest first. */
public enum Severity {
  INFO,
  WARNING,
  ERROR,
  CRITICAL
}
