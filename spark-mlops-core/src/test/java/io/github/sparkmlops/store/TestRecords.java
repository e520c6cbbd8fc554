package io.github.sparkmlops.store;

import io.github.sparkmlops.RunContext;

/** Fixed context for records written by tests without a SparkSession. */
final class TestRecords {

  static final RunContext CONTEXT = new RunContext("tests", "tests", "tests", "run-1", "localhost");

  private TestRecords() {}
}
