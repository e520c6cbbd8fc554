package io.github.sparkmlops.internal.store;

import io.delta.kernel.utils.CloseableIterator;
import java.util.Iterator;

/** Adapts plain iterators to Kernel's {@link CloseableIterator}; they hold nothing to close. */
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
}
