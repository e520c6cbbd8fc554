package io.github.sparkmlops.internal.store;

import io.delta.kernel.Scan;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Kernel's iterators made plain: plain iterators as Kernel's {@link CloseableIterator} (they hold
 * nothing to close), and a scan's file rows one by one.
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
}
