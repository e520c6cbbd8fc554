package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.store.KernelIterators;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one data file with Delta Kernel's Parquet reader, its batches seen through {@link
 * KernelColumnVector}: the fallback of {@link
 * io.github.sparkmlops.internal.compat.SparkSeam#PARQUET_READER}, on public API only, for a
 * runtime whose Spark Parquet reader is not the one this jar was built against. It returns the
 * same rows as {@link SparkParquetFileReader}; what it costs is in BENCHMARKS.md (on many small
 * files it is the faster of the two, on large ones the slower).
 */
final class KernelParquetFileReader implements FileBatchReader {

  private final CloseableIterator<FileReadResult> batches;
  private final StructType columns;
  private final Integer date;

  /** Opens {@code file}, to read {@code columns} (Kernel's types of the requested columns). */
  KernelParquetFileReader(Engine engine, DataFile file, StructType columns) throws IOException {
    this.columns = columns;
    this.date = file.date();
    FileStatus status = FileStatus.of(file.path(), file.size(), file.modificationTime());
    try {
      batches = engine.getParquetHandler().readParquetFiles(
          KernelIterators.closeable(List.of(status).iterator()), columns, Optional.empty());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public ColumnarBatch next() throws IOException {
    try {
      if (!batches.hasNext()) {
        return null;
      }
      io.delta.kernel.data.ColumnarBatch batch = batches.next().getData();
      int width = columns.length();
      ColumnVector[] vectors = new ColumnVector[width + 1];
      for (int i = 0; i < width; i++) {
        vectors[i] = new KernelColumnVector(batch.getColumnVector(i));
      }
      vectors[width] = new ConstantIntVector(DataTypes.DateType, date, batch.getSize());
      return new ColumnarBatch(vectors, batch.getSize());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    batches.close();
  }
}
