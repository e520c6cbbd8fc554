/**
 * How the {@code mlops} source reads: Delta Kernel plans the scan on the driver (snapshot,
 * partition pruning, file skipping); executors read the planned Parquet files with Spark's
 * vectorized reader and apply the filters exactly to rows, handing Spark columnar batches.
 */
package io.github.sparkmlops.sql.internal.read;
