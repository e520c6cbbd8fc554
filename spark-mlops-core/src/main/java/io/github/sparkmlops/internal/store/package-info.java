/**
 * The MLOps store: its Delta tables, each declared once as a
 * {@link io.github.sparkmlops.internal.store.TableSpec} (listed by
 * {@link io.github.sparkmlops.internal.store.StoreTable}), and the Delta Kernel writer.
 */
package io.github.sparkmlops.internal.store;
