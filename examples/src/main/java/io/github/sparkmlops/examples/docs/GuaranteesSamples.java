package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.run.FlushReport;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/** The sample of docs/guarantees.md: what a flush and {@code done()} say about the records. */
public final class GuaranteesSamples {

  private GuaranteesSamples() {}

  /** Reports, flushes and ends, saying where the records stand. */
  public static FlushReport flushReport(SparkSession spark) {
    // sample: flush-report
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("rows.scored", 1_000_000);       // validated and queued: no I/O on this thread
    FlushReport now = mlops.flush(Duration.ofSeconds(30)); // waits for what was reported before
    if (!now.complete()) {                         // the store is unreachable: kept and retried
      System.err.println(now.pending() + " records pending after "
          + now.failedAttempts() + " failed commits: " + now.lastError());
    }
    FlushReport last = mlops.done();               // retries for up to spark.mlops.done.timeout
    // end sample: flush-report
    return last;
  }
}
