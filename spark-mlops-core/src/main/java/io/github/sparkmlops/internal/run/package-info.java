/**
 * One application's reporting from start to finish ({@link
 * io.github.sparkmlops.internal.run.ApplicationRun}) and the one run of the running SparkContext
 * ({@link io.github.sparkmlops.internal.run.ActiveRun}).
 */
package io.github.sparkmlops.internal.run;
