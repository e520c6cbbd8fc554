/**
 * {@link io.github.sparkmlops.internal.sink.RecordSink}: the one way into the store.
 */
package io.github.sparkmlops.internal.sink;
