package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one data file with Spark's vectorized Parquet reader; the returned batches hold the
 * requested columns, then {@code date} as a constant column.
 *
 * <p>This is the one class that knows Spark's Parquet reader internals (its constructor and the
 * configuration keys its schema converter reads): the internal path of {@link
 * io.github.sparkmlops.internal.compat.SparkSeam#PARQUET_READER}, whose fallback is {@link
 * KernelParquetFileReader}. Kernel's own Parquet reader builds and parses a fresh Hadoop
 * configuration for every file, which dominates reads of a store made of many small flushes.
 */
final class SparkParquetFileReader implements FileBatchReader {

  private static final int BATCH_ROWS = 4096;
  private static final StructType PARTITION = new StructType().add(StoreSchema.DATE, DataTypes.DateType);

  private final VectorizedParquetRecordReader reader;

  /**
   * The reader context for these columns, shared by the files of a partition: the task's
   * configuration plus what Spark's reader needs. Made once, because a Hadoop task context copies
   * its whole configuration: made per file, the copies took a third of a scan of small files.
   */
  static TaskAttemptContext context(Configuration base, StructType columns) {
    // A JobConf is taken as the context's configuration as it is, not copied again.
    JobConf conf = new JobConf(base);
    conf.set("parquet.read.support.class", ParquetReadSupport.class.getName());
    conf.set(ParquetReadSupport.SPARK_ROW_REQUESTED_SCHEMA(), columns.json());
    conf.set(ParquetWriteSupport.SPARK_ROW_SCHEMA(), columns.json());
    conf.set(SQLConf.SESSION_LOCAL_TIMEZONE().key(), "UTC");
    conf.setBoolean(SQLConf.NESTED_SCHEMA_PRUNING_ENABLED().key(), false);
    conf.setBoolean(SQLConf.CASE_SENSITIVE().key(), true);
    conf.setBoolean(SQLConf.PARQUET_BINARY_AS_STRING().key(), false);
    conf.setBoolean(SQLConf.PARQUET_INT96_AS_TIMESTAMP().key(), true);
    conf.setBoolean(SQLConf.PARQUET_INFER_TIMESTAMP_NTZ_ENABLED().key(), true);
    conf.setBoolean(SQLConf.LEGACY_PARQUET_NANOS_AS_LONG().key(), false);
    return new TaskAttemptContextImpl(conf, new TaskAttemptID());
  }

  /** Opens {@code file}; {@code context} comes from {@link #context} and is shared by files. */
  SparkParquetFileReader(TaskAttemptContext context, DataFile file) throws IOException {
    reader = new VectorizedParquetRecordReader(null, "CORRECTED", "UTC", "CORRECTED", "UTC", false,
        BATCH_ROWS);
    try {
      reader.initialize(new FileSplit(new Path(file.path()), 0, file.size(), new String[0]),
          context);
      reader.initBatch(PARTITION, new GenericInternalRow(new Object[] {file.date()}));
      reader.enableReturningBatches();
    } catch (InterruptedException e) {
      reader.close();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while opening " + file.path(), e);
    } catch (IOException | RuntimeException | Error e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public ColumnarBatch next() throws IOException {
    return reader.nextBatch() ? reader.resultBatch() : null;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
