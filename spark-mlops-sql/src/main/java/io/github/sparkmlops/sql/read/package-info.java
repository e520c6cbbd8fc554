/**
 * How the {@code mlops} source reads: Kernel plans the scan on the driver (partition pruning, file
 * skipping), executors read Parquet with Kernel and hand Spark columnar batches over Kernel's
 * vectors, with filters applied exactly to rows.
 */
package io.github.sparkmlops.sql.read;
