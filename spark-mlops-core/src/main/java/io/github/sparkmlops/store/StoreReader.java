package io.github.sparkmlops.store;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a store table back on the driver with Delta Kernel, in the row encoding of
 * {@link StoreSchema}. Meant for small reads (the demo, checks); Spark users read the store as a
 * DataFrame.
 *
 * <p>Kernel 4.3 exposes the physical read schema and the file status of a scan file only through
 * internal helpers; this class is the one place that uses them.
 */
public final class StoreReader {

  private final Engine engine;
  private final StoreLayout layout;

  /**
   * A reader of the store at {@code layout}, through the filesystems {@code hadoopConf} configures
   * (Hadoop types only, so this works unchanged against the relocated assembly jar).
   */
  public StoreReader(Configuration hadoopConf, StoreLayout layout) {
    this.engine = Store.engine(hadoopConf);
    this.layout = layout;
  }

  /** Every row of the table's latest version; empty if the table does not exist yet. */
  public List<Object[]> readAll(StoreTable table) {
    Snapshot snapshot;
    try {
      snapshot = TableManager.loadSnapshot(layout.tablePath(table)).build(engine);
    } catch (TableNotFoundException e) {
      return List.of();
    }
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<Object[]> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
          while (files.hasNext()) {
            readFile(scanState, files.next(), physicalSchema, rows);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + layout.tablePath(table) + " failed", e);
    }
    return rows;
  }

  private void readFile(Row scanState, Row scanFile, StructType physicalSchema, List<Object[]> out)
      throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
        .readParquetFiles(KernelIterators.closeable(List.of(file).iterator()), physicalSchema, Optional.empty())
        .map(FileReadResult::getData);
    try (CloseableIterator<FilteredColumnarBatch> logical =
        Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (logical.hasNext()) {
        FilteredColumnarBatch batch = logical.next();
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selection = batch.getSelectionVector();
        for (int r = 0; r < data.getSize(); r++) {
          if (selection.isPresent()
              && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) {
            continue;
          }
          Object[] row = new Object[data.getSchema().length()];
          for (int c = 0; c < row.length; c++) {
            row[c] = valueAt(data.getColumnVector(c), r);
          }
          out.add(row);
        }
      }
    }
  }

  /** The value at {@code row}, in {@link StoreSchema}'s encoding. */
  static Object valueAt(ColumnVector vector, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type instanceof StringType) {
      return vector.getString(row);
    } else if (type instanceof DoubleType) {
      return vector.getDouble(row);
    } else if (type instanceof LongType || type instanceof TimestampType) {
      return vector.getLong(row);
    } else if (type instanceof DateType) {
      return vector.getInt(row);
    } else if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    } else if (type instanceof ArrayType) {
      ArrayValue array = vector.getArray(row);
      ColumnVector elements = array.getElements();
      List<Object> list = new ArrayList<>(array.getSize());
      for (int i = 0; i < array.getSize(); i++) {
        list.add(valueAt(elements, i));
      }
      return list;
    } else if (type instanceof StructType struct) {
      Object[] fields = new Object[struct.length()];
      for (int f = 0; f < fields.length; f++) {
        fields[f] = valueAt(vector.getChild(f), row);
      }
      return fields;
    }
    throw new IllegalStateException("The store has no column of type " + type);
  }
}
