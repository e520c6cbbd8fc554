package io.github.sparkmlops.internal.listen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the listener follows from its start to its end (jobs, stage attempts, streaming queries),
 * in start order, at most {@code limit} at once. Spark's listener bus drops events when its queue
 * is full, so an end may never come: past the limit the oldest entry is forgotten and handed to
 * {@code onEvict}, which counts it. Used on Spark's listener thread only.
 */
final class OpenEntries<K, V> extends LinkedHashMap<K, V> {

  private final int limit;
  private final Consumer<V> onEvict;

  OpenEntries(int limit, Consumer<V> onEvict) {
    this.limit = limit;
    this.onEvict = onEvict;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    if (size() <= limit) {
      return false;
    }
    onEvict.accept(eldest.getValue());
    return true;
  }
}
