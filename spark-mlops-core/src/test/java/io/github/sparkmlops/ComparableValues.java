package io.github.sparkmlops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values as a view's rows hold them, made comparable with {@code equals}. */
public final class ComparableValues {

  private ComparableValues() {}

  /** {@code value} with arrays as lists and maps sorted, so that equals compares contents. */
  public static Object of(Object value) {
    if (value instanceof Object[] array) {
      return Arrays.stream(array).map(ComparableValues::of).toList();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ComparableValues::of).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(k, of(v)));
      return sorted;
    }
    return value;
  }
}
