package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.run.FlushReport;

/** The docs' sample of what {@link MLOps#done()} says about the records it could not write. */
final class GuaranteesSamples {

  private GuaranteesSamples() {}

  static FlushReport flushReport(MLOps mlops) {
    // sample: flush-report
    FlushReport report = mlops.done();   // retries for at most spark.mlops.done.timeout, never throws
    if (!report.complete()) {            // records not written (pending) or refused (dropped)
      System.err.printf("spark-mlops: %d records not written, %d dropped: %s%n",
          report.pending(), report.dropped(), report.lastError());
    }
    // end sample: flush-report
    return report;
  }
}
