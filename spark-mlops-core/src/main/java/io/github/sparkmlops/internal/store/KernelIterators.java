package io.github.sparkmlops.internal.store;

import io.delta.kernel.Scan;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Kernel's iterators made plain: plain iterators as Kernel's {@link CloseableIterator} (they hold
 * nothing to close), a scan's file rows one by one, and one scan file's rows.
 */
public final class KernelIterators {

  private KernelIterators() {}

  /** A closeable view of {@code it}. */
  public static <T> CloseableIterator<T> closeable(Iterator<T> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Hands {@code each} every scan file row of {@code scan} (the rows Kernel selects: one per live
   * data file), closing what Kernel opened.
   */
  public static void forEachScanFile(Engine engine, Scan scan, Consumer<Row> each)
      throws IOException {
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            each.accept(rows.next());
          }
        }
      }
    }
  }

  /**
   * The rows of one scan file of a scan with state {@code scanState}, in the scan's logical schema
   * (partition values filled in), read lazily; the caller closes the iterator.
   */
  public static CloseableIterator<FilteredColumnarBatch> readScanFile(Engine engine, Row scanState,
      Row scanFile) throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<FileReadResult> data = engine.getParquetHandler().readParquetFiles(
        closeable(List.of(file).iterator()), ScanStateRow.getPhysicalDataReadSchema(scanState),
        Optional.empty());
    return Scan.transformPhysicalData(engine, scanState, scanFile, data.map(FileReadResult::getData));
  }
}
