/**
 * The entry point of spark-mlops: {@link io.github.sparkmlops.MLOps}, its configuration and the run
 * context stored on every record.
 */
package io.github.sparkmlops;
