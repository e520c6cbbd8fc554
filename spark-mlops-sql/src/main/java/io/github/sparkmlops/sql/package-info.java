/**
 * The Spark SQL connector on the MLOps store: the {@code mlops} data source
 * ({@link io.github.sparkmlops.sql.MLOpsSource}, options in {@link io.github.sparkmlops.sql.internal.read.ReadOptions})
 * and the read-only {@link io.github.sparkmlops.sql.MLOpsCatalog}.
 */
package io.github.sparkmlops.sql;
