package io.github.sparkmlops.fault;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a store table's {@code (writer_id, seq)} keys with Delta Kernel, the way the writer itself
 * sees the table (snapshot from the log and its checkpoints, then every data file), independently
 * of delta-spark.
 */
final class KernelRows {

  /** One row's key. */
  record Key(String writerId, long seq) {}

  private KernelRows() {}

  /** The keys of every row of the table at {@code tablePath}, in no particular order. */
  static List<Key> keys(String tablePath) throws IOException {
    Engine engine = Store.engine(new Configuration());
    Snapshot snapshot = TableManager.loadSnapshot(tablePath).build(engine);
    StructType schema = snapshot.getSchema();
    StructType readSchema = new StructType()
        .add(schema.get(StoreSchema.WRITER_ID))
        .add(schema.get(StoreSchema.SEQ));
    Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
    Row state = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
    List<Key> keys = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> scanFiles = files.next().getRows()) {
          while (scanFiles.hasNext()) {
            Row scanFile = scanFiles.next();
            FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(singleton(file), physical, Optional.empty())
                .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(engine, state, scanFile, data)) {
              while (logical.hasNext()) {
                collect(logical.next(), keys);
              }
            }
          }
        }
      }
    }
    return keys;
  }

  private static void collect(FilteredColumnarBatch batch, List<Key> keys) {
    ColumnarBatch data = batch.getData();
    ColumnVector writer = data.getColumnVector(0);
    ColumnVector seq = data.getColumnVector(1);
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int r = 0; r < data.getSize(); r++) {
      if (selected.isPresent()
          && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue;
      }
      keys.add(new Key(writer.getString(r), seq.getLong(r)));
    }
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus file) {
    return Utils.singletonCloseableIterator(file);
  }
}
