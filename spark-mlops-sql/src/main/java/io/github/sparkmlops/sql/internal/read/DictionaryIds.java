package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.compat.SparkSeam;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * The dictionary ids behind a column of a batch that Spark's Parquet reader made from
 * dictionary-encoded pages: it keeps each row's id and decodes a value only when asked for it. A
 * caller that compares many rows' strings can compare their ids instead, and decode each id once.
 *
 * <p>Spark's column vectors are internal (the same in Spark 4.0 to 4.2), part of the {@link
 * SparkSeam#PARQUET_READER} seam: its fallback, Kernel's reader, gives vectors without ids. Where
 * they do not link, this JVM takes that fallback, as it does when the reader does not link. Without
 * ids a caller reads the values themselves, with the same result.
 */
public final class DictionaryIds {

  private DictionaryIds() {}

  /** The ids of {@code column}'s rows (one int per row), or null where it has none. */
  public static ColumnVector of(ColumnVector column) {
    if (SparkSeam.PARQUET_READER.fellBack()) {
      return null;
    }
    try {
      return column instanceof WritableColumnVector written && written.hasDictionary()
          ? written.getDictionaryIds() : null;
    } catch (LinkageError e) {
      SparkSeam.PARQUET_READER.unavailable(e);
      return null;
    }
  }
}
