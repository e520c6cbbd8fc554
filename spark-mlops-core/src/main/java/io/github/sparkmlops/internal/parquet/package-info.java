/**
 * The Parquet writer of the store's data files and checkpoints: Delta Kernel's column batches
 * written through parquet-mr with the store's Hadoop settings, handed to Kernel as its Parquet
 * handler ({@link io.github.sparkmlops.internal.parquet.StoreParquetHandler}).
 */
package io.github.sparkmlops.internal.parquet;
