package io.github.sparkmlops.internal.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A categorical column's values as a count per category, in the order the categories were given.
 *
 * @param counts each category's count
 */
public record CategoryCounts(Map<String, Long> counts) {

  /**
   * Checks and copies the counts.
   *
   * @throws IllegalArgumentException if the map, a category or a count is null, or a count is
   *     negative
   */
  public CategoryCounts {
    if (counts == null) {
      throw new IllegalArgumentException("counts must not be null");
    }
    Map<String, Long> copy = new LinkedHashMap<>();
    counts.forEach((category, count) -> {
      if (category == null || count == null || count < 0) {
        throw new IllegalArgumentException("counts must map categories that are not null to"
            + " counts that are not negative, got " + category + " -> " + count);
      }
      copy.put(category, count);
    });
    counts = Collections.unmodifiableMap(copy);
  }

  /** The number of values: the sum of the counts. */
  public long total() {
    long total = 0;
    for (long c : counts.values()) {
      total += c;
    }
    return total;
  }
}
