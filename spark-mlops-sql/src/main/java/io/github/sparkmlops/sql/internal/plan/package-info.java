/**
 * Planning a read of the store on the driver: Spark's predicates become serializable row filters,
 * Delta Kernel resolves the snapshot and prunes partitions and files with them, and the surviving
 * data files are packed into input partitions. Nothing here depends on how files are then read.
 */
package io.github.sparkmlops.sql.internal.plan;
