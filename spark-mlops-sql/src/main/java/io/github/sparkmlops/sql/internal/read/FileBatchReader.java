package io.github.sparkmlops.sql.internal.read;

import java.io.IOException;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Reads one data file as column batches: the requested columns, then {@code date}. */
interface FileBatchReader extends AutoCloseable {

  /** The next batch (its vectors are reused by the call after), or null at the end of the file. */
  ColumnarBatch next() throws IOException;

  @Override
  void close() throws IOException;
}
