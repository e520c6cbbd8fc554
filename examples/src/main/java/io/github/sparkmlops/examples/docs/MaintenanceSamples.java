package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.run.MaintenanceReport;

/** The docs' sample of the store's maintenance: compaction and model-file clean-up. */
final class MaintenanceSamples {

  private MaintenanceSamples() {}

  static MaintenanceReport maintain(MLOps mlops) {
    // sample: maintain
    MaintenanceReport report = mlops.maintain();   // now; it also runs every spark.mlops.maintenance.interval
    report.filesCompacted();                       // small files replaced, over every table
    report.tables().get(0);                        // stats: partitionsCompacted, filesWritten, bytesCompacted,
                                                   // bytesWritten, filesDeleted, skipped, ...
    report.modelFiles().orphansDeleted();          // model_files/ folders no version names, deleted
    // end sample: maintain
    return report;
  }
}
