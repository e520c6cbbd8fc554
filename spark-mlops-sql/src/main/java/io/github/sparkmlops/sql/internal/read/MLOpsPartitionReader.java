package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one {@link FilePartition} and hands Spark columnar batches of the requested columns. Rows
 * failing the filter are skipped through {@link SelectedVector}, not copied. With {@code latest},
 * only the newest row per name and context is returned: a first pass finds those rows, a second
 * returns them, because the Parquet reader reuses its vectors from one batch to the next.
 */
public final class MLOpsPartitionReader implements PartitionReader<ColumnarBatch> {

  /** The columns whose values make a key for {@code latest}. */
  static final List<String> LATEST_KEY = List.of(StoreSchema.NAME, StoreSchema.MLAPP,
      StoreSchema.PIPELINE, StoreSchema.NODE);

  private final Configuration base;
  private final StructType requested;
  private final io.delta.kernel.types.StructType kernelColumns;
  // the reader of this partition, chosen once (latest's two passes must see the same batches)
  private boolean sparkReader;
  private TaskAttemptContext sparkContext;
  private Engine engine;
  private boolean handedOut;
  private final StructType output;
  private final Map<String, Integer> positions = new HashMap<>();
  private final RowFilter filter;
  private final RowFilterEvaluator evaluator;
  private final List<DataFile> files;
  private final Map<Long, int[]> latestRows;
  private int fileIndex = -1;
  private int batchIndex;
  private FileBatchReader current;
  private ColumnarBatch next;

  MLOpsPartitionReader(Configuration base, StoreTable table, StructType output, RowFilter filter,
      boolean latest, boolean kernelReader, FilePartition partition) throws IOException {
    this.output = output;
    this.base = base;
    this.sparkReader = SparkSeam.PARQUET_READER.useInternal(kernelReader);
    this.filter = filter;
    this.files = partition.files();
    Set<String> columns = new LinkedHashSet<>(List.of(output.fieldNames()));
    if (filter != null) {
      columns.addAll(filter.columns());
    }
    if (latest) {
      columns.addAll(LATEST_KEY);
      columns.addAll(List.of(StoreSchema.TIME, StoreSchema.WRITER_ID, StoreSchema.SEQ));
    }
    columns.remove(StoreSchema.DATE);
    if (columns.isEmpty()) {
      columns.add(StoreSchema.SEQ); // something to count rows with
    }
    StructType sparkRequested = new StructType();
    io.delta.kernel.types.StructType kernelRequested = new io.delta.kernel.types.StructType();
    for (StructField field : table.sparkSchema().fields()) {
      if (columns.contains(field.name())) {
        positions.put(field.name(), sparkRequested.fields().length);
        sparkRequested = sparkRequested.add(field);
        kernelRequested = kernelRequested.add(table.schema().get(field.name()));
      }
    }
    positions.put(StoreSchema.DATE, sparkRequested.fields().length);
    this.requested = sparkRequested;
    this.kernelColumns = kernelRequested;
    this.evaluator = new RowFilterEvaluator(table.schema(), positions);
    this.latestRows = latest ? findLatestOnAReaderThatLinks() : null;
  }

  @Override
  public boolean next() throws IOException {
    ColumnarBatch batch;
    while ((batch = nextBatchOnAReaderThatLinks()) != null) {
      int[] rows = latestRows != null ? latestRows.get(key(fileIndex, batchIndex)) : selected(batch);
      if (latestRows != null && rows == null || rows != null && rows.length == 0) {
        continue;
      }
      next = project(batch, rows);
      handedOut = true;
      return true;
    }
    return false;
  }

  @Override
  public ColumnarBatch get() {
    return next;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** The next batch of the partition's files, tracking which file and batch it is. */
  private ColumnarBatch nextFileBatch() throws IOException {
    while (true) {
      if (current == null) {
        if (++fileIndex >= files.size()) {
          return null;
        }
        current = open(files.get(fileIndex));
        batchIndex = -1;
      }
      ColumnarBatch batch = current.next();
      if (batch != null) {
        batchIndex++;
        return batch;
      }
      close();
    }
  }

  /**
   * {@link #findLatest} on Spark's reader, or, where that does not link, again from the start on
   * Kernel's.
   */
  private Map<Long, int[]> findLatestOnAReaderThatLinks() throws IOException {
    try {
      return findLatest();
    } catch (LinkageError e) {
      switchToKernel(e);
      return findLatest();
    }
  }

  /**
   * The next batch; where Spark's reader turns out not to link before this partition handed Spark
   * anything, the partition starts over on Kernel's reader. Afterwards (or in {@code latest}'s
   * second pass, keyed by Spark's batches) the error fails the task, and its retry in this JVM
   * takes Kernel's reader from the start.
   */
  private ColumnarBatch nextBatchOnAReaderThatLinks() throws IOException {
    try {
      return nextFileBatch();
    } catch (LinkageError e) {
      if (!sparkReader) {
        throw e;
      }
      if (handedOut || latestRows != null) {
        SparkSeam.PARQUET_READER.unavailable(e);
        throw e;
      }
      switchToKernel(e);
      return nextFileBatch();
    }
  }

  private void switchToKernel(LinkageError e) throws IOException {
    if (!sparkReader) {
      throw e;
    }
    SparkSeam.PARQUET_READER.unavailable(e);
    sparkReader = false;
    close();
    fileIndex = -1;
  }

  /** A reader of {@code file}: this partition's, Spark's or Kernel's. */
  private FileBatchReader open(DataFile file) throws IOException {
    if (sparkReader) {
      if (sparkContext == null) {
        sparkContext = SparkParquetFileReader.context(base, requested);
      }
      return new SparkParquetFileReader(sparkContext, file);
    }
    if (engine == null) {
      engine = Store.engine(base);
    }
    return new KernelParquetFileReader(engine, file, kernelColumns);
  }

  /** The rows passing the filter, or null for all of them. */
  private int[] selected(ColumnarBatch batch) {
    return filter == null ? null : evaluator.select(filter, batch);
  }

  private ColumnarBatch project(ColumnarBatch batch, int[] rows) {
    ColumnVector[] vectors = new ColumnVector[output.fields().length];
    for (int c = 0; c < vectors.length; c++) {
      ColumnVector v = batch.column(positions.get(output.fields()[c].name()));
      vectors[c] = rows == null ? v : new SelectedVector(v, rows);
    }
    return new ColumnarBatch(vectors, rows == null ? batch.numRows() : rows.length);
  }

  /** A candidate for the newest row of a key: newer means later time, then writer, then seq. */
  private record Candidate(int file, int batch, int row, long time, String writer, long seq) {
    static final Comparator<Candidate> AGE = Comparator.comparingLong(Candidate::time)
        .thenComparing(Candidate::writer).thenComparingLong(Candidate::seq);
  }

  /** First pass: the newest row per key, as (file, batch) to the sorted rows to return from it. */
  private Map<Long, int[]> findLatest() throws IOException {
    Map<List<String>, Candidate> newest = new HashMap<>();
    ColumnarBatch batch;
    while ((batch = nextFileBatch()) != null) {
      int[] rows = selected(batch);
      int size = rows == null ? batch.numRows() : rows.length;
      for (int i = 0; i < size; i++) {
        int r = rows == null ? i : rows[i];
        List<String> key = new ArrayList<>(LATEST_KEY.size());
        for (String column : LATEST_KEY) {
          ColumnVector v = batch.column(positions.get(column));
          key.add(v.isNullAt(r) ? null : v.getUTF8String(r).toString());
        }
        Candidate c = new Candidate(fileIndex, batchIndex, r,
            batch.column(positions.get(StoreSchema.TIME)).getLong(r),
            batch.column(positions.get(StoreSchema.WRITER_ID)).getUTF8String(r).toString(),
            batch.column(positions.get(StoreSchema.SEQ)).getLong(r));
        newest.merge(key, c, (a, z) -> Candidate.AGE.compare(a, z) >= 0 ? a : z);
      }
    }
    fileIndex = -1;
    Map<Long, List<Integer>> rowsByBatch = new HashMap<>();
    newest.values().forEach(c ->
        rowsByBatch.computeIfAbsent(key(c.file(), c.batch()), k -> new ArrayList<>()).add(c.row()));
    Map<Long, int[]> latest = new HashMap<>();
    rowsByBatch.forEach((k, rows) -> latest.put(k, rows.stream().mapToInt(Integer::intValue).sorted().toArray()));
    return latest;
  }

  private static long key(int file, int batch) {
    return ((long) file << 32) | batch;
  }
}
