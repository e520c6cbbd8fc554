/**
 * Lineage: the relations each successful query reads and writes, found in its plan on a report
 * thread ({@link io.github.sparkmlops.internal.lineage.LineagePlans}) after Spark's listener bus
 * handed the query over in constant time ({@link
 * io.github.sparkmlops.internal.lineage.LineageCapture}), and stored in the {@code lineage} table.
 */
package io.github.sparkmlops.internal.lineage;
