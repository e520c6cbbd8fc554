/**
 * The parts of {@link io.github.sparkmlops.MLOpsListener}: tallies of task metrics per job and per
 * stage, kept on Spark's listener thread in constant time per event, and the bounded queue and
 * thread that turn finished tallies into reports, so that the listener thread never waits on the
 * store.
 */
package io.github.sparkmlops.internal.listen;
