/**
 * One application's reporting from start to finish ({@link
 * io.github.sparkmlops.internal.run.ApplicationRun}), the one run of the running SparkContext
 * ({@link io.github.sparkmlops.internal.run.ActiveRun}), and what the listeners that report into a
 * run share: the bounded queue and thread that turn their callbacks into reports ({@link
 * io.github.sparkmlops.internal.run.ReportQueue}) and how a run ends them ({@link
 * io.github.sparkmlops.internal.run.ListenerHandle}).
 */
package io.github.sparkmlops.internal.run;
