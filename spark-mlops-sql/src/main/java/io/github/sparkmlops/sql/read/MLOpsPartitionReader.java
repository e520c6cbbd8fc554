package io.github.sparkmlops.sql.read;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.expressions.PredicateEvaluator;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.store.KernelIterators;
import io.github.sparkmlops.store.Store;
import io.github.sparkmlops.store.StoreSchema;
import io.github.sparkmlops.store.StoreTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * Reads one {@link FilePartition} with Kernel's Parquet reader and hands Spark columnar batches that
 * wrap Kernel's vectors. Rows failing the filter are skipped through a row mapping, not copied.
 * With {@code latest}, only the newest row per name and context is returned.
 */
final class MLOpsPartitionReader implements PartitionReader<org.apache.spark.sql.vectorized.ColumnarBatch> {

  private static final List<String> LATEST_KEY = List.of(StoreSchema.NAME, StoreSchema.MLAPP,
      StoreSchema.PIPELINE, StoreSchema.NODE);

  private final Engine engine;
  private final org.apache.spark.sql.types.StructType output;
  private final StructType physical;
  private final Predicate predicate;
  private final Iterator<FilePartition.DataFile> files;
  private final Iterator<org.apache.spark.sql.vectorized.ColumnarBatch> latestBatches;
  private CloseableIterator<FileReadResult> current;
  private FilePartition.DataFile currentFile;
  private PredicateEvaluator evaluator;
  private org.apache.spark.sql.vectorized.ColumnarBatch next;

  MLOpsPartitionReader(Configuration conf, StoreTable table, org.apache.spark.sql.types.StructType output,
      RowFilter filter, boolean latest, FilePartition partition) {
    this.engine = Store.engine(conf);
    this.output = output;
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
    StructType schema = new StructType();
    for (StructField field : table.schema().fields()) {
      if (columns.contains(field.getName())) {
        schema = schema.add(field);
      }
    }
    this.physical = schema;
    this.predicate = filter == null ? null : filter.toKernel(table.schema());
    this.files = partition.files().iterator();
    this.latestBatches = latest ? readLatest() : null;
  }

  @Override
  public boolean next() {
    if (latestBatches != null) {
      next = latestBatches.hasNext() ? latestBatches.next() : null;
      return next != null;
    }
    Selected selected = nextSelected();
    next = selected == null ? null : toSpark(selected);
    return next != null;
  }

  @Override
  public org.apache.spark.sql.vectorized.ColumnarBatch get() {
    return next;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
    }
  }

  /** A Kernel batch, the rows of it that pass the filter (null: all), and its date. */
  private record Selected(ColumnarBatch batch, int[] rows, int date) {}

  private Selected nextSelected() {
    try {
      while (true) {
        if (current == null || !current.hasNext()) {
          if (current != null) {
            current.close();
          }
          if (!files.hasNext()) {
            return null;
          }
          currentFile = files.next();
          current = engine.getParquetHandler().readParquetFiles(
              KernelIterators.closeable(List.of(FileStatus.of(currentFile.path(),
                  currentFile.size(), currentFile.modificationTime())).iterator()),
              physical, Optional.empty());
          continue;
        }
        ColumnarBatch batch = current.next().getData();
        int[] rows = select(batch, currentFile.date());
        if (rows == null || rows.length > 0) {
          return new Selected(batch, rows, currentFile.date());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + currentFile + " failed", e);
    }
  }

  private int[] select(ColumnarBatch batch, int date) {
    if (predicate == null) {
      return null;
    }
    ColumnarBatch withDate = batch.withNewColumn(batch.getSchema().length(),
        new StructField(StoreSchema.DATE, DateType.DATE, true), DateVectors.kernel(date, batch.getSize()));
    if (evaluator == null) {
      evaluator = engine.getExpressionHandler().getPredicateEvaluator(withDate.getSchema(), predicate);
    }
    io.delta.kernel.data.ColumnVector selection = evaluator.eval(withDate, Optional.empty());
    int[] rows = new int[batch.getSize()];
    int n = 0;
    for (int r = 0; r < batch.getSize(); r++) {
      if (!selection.isNullAt(r) && selection.getBoolean(r)) {
        rows[n++] = r;
      }
    }
    return java.util.Arrays.copyOf(rows, n);
  }

  private org.apache.spark.sql.vectorized.ColumnarBatch toSpark(Selected s) {
    int size = s.rows() == null ? s.batch().getSize() : s.rows().length;
    ColumnVector[] vectors = new ColumnVector[output.fields().length];
    for (int c = 0; c < vectors.length; c++) {
      org.apache.spark.sql.types.StructField field = output.fields()[c];
      vectors[c] = field.name().equals(StoreSchema.DATE)
          ? DateVectors.spark(s.date(), size)
          : new KernelVector(field.dataType(), s.batch().getColumnVector(physical.indexOf(field.name())), s.rows());
    }
    return new org.apache.spark.sql.vectorized.ColumnarBatch(vectors, size);
  }

  /** A candidate for the newest row of a key: newer means later time, then writer, then seq. */
  private record Candidate(int batch, int row, long time, String writer, long seq) {
    static final java.util.Comparator<Candidate> AGE = java.util.Comparator
        .comparingLong(Candidate::time).thenComparing(Candidate::writer).thenComparingLong(Candidate::seq);
  }

  /** Reads the whole partition and keeps the newest row per key. */
  private Iterator<org.apache.spark.sql.vectorized.ColumnarBatch> readLatest() {
    List<Selected> batches = new ArrayList<>();
    Map<List<String>, Candidate> newest = new HashMap<>();
    Selected s;
    while ((s = nextSelected()) != null) {
      int b = batches.size();
      batches.add(s);
      ColumnarBatch batch = s.batch();
      int size = s.rows() == null ? batch.getSize() : s.rows().length;
      for (int i = 0; i < size; i++) {
        int r = s.rows() == null ? i : s.rows()[i];
        List<String> key = new ArrayList<>(LATEST_KEY.size());
        for (String column : LATEST_KEY) {
          io.delta.kernel.data.ColumnVector v = batch.getColumnVector(physical.indexOf(column));
          key.add(v.isNullAt(r) ? null : v.getString(r));
        }
        Candidate c = new Candidate(b, r,
            batch.getColumnVector(physical.indexOf(StoreSchema.TIME)).getLong(r),
            batch.getColumnVector(physical.indexOf(StoreSchema.WRITER_ID)).getString(r),
            batch.getColumnVector(physical.indexOf(StoreSchema.SEQ)).getLong(r));
        newest.merge(key, c, (a, z) -> Candidate.AGE.compare(a, z) >= 0 ? a : z);
      }
    }
    Map<Integer, List<Integer>> rowsByBatch = new HashMap<>();
    newest.values().forEach(c -> rowsByBatch.computeIfAbsent(c.batch(), k -> new ArrayList<>()).add(c.row()));
    List<org.apache.spark.sql.vectorized.ColumnarBatch> out = new ArrayList<>();
    rowsByBatch.forEach((b, rows) -> out.add(toSpark(new Selected(batches.get(b).batch(),
        rows.stream().mapToInt(Integer::intValue).sorted().toArray(), batches.get(b).date()))));
    return out.iterator();
  }
}
