/**
 * The parts of {@link io.github.sparkmlops.MLOpsListener}: tallies of task metrics per job and per
 * stage, kept on Spark's listener thread in constant time per event, handed as reports to the run's
 * bounded {@link io.github.sparkmlops.internal.run.ReportQueue}, so that the listener thread never
 * waits on the store.
 */
package io.github.sparkmlops.internal.listen;
