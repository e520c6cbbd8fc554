/**
 * The Spark SQL connector on the MLOps store: the {@code mlops} DataSource V2 and the
 * {@code mlops} catalog. This module is where the read path lands; today it only carries the
 * dependency on the core module so the assembly jar and users' builds have their final shape.
 */
package io.github.sparkmlops.sql;
