/**
 * The store's views ({@code models}, {@code runs}) as Spark tables: folded on the driver when read
 * (a large {@code stats} table summed up by a Spark job first) and handed to Spark as local rows.
 */
package io.github.sparkmlops.sql.internal.view;
