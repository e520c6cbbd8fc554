package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.run.RunContext;

/** Fixed context for records written by tests without a SparkSession. */
final class TestRecords {

  static final RunContext CONTEXT = new RunContext("tests", "tests", "tests", "run-1", "localhost");

  private TestRecords() {}
}
