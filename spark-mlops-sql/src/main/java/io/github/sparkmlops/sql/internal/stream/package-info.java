/**
 * How {@code spark.readStream().format("mlops")} tails a store table: offsets are positions in the
 * table's Delta log (the files of the starting snapshot, then each commit's added files), read on
 * the driver with Delta Kernel's commit ranges and admitted per micro-batch. Files are planned into
 * the same input partitions, and read by the same executors' readers, as a batch read's.
 */
package io.github.sparkmlops.sql.internal.stream;
