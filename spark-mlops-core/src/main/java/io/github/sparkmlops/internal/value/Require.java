package io.github.sparkmlops.internal.value;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Argument checks shared by every value the library accepts. Each failure is an
 * {@link IllegalArgumentException} whose message names the argument and the rule it broke, so a
 * bad call is rejected before anything of it reaches the store.
 */
public final class Require {

  /** The longest name (stat, event title, context field) the store accepts. */
  public static final int MAX_NAME_LENGTH = 256;

  private Require() {}

  /**
   * Checks a name: not null, not empty, at most {@value #MAX_NAME_LENGTH} characters, and free of
   * control characters (which break log lines, CSV exports and HTML reports alike).
   *
   * @return the name, unchanged
   */
  public static String name(String argument, String value) {
    if (value == null) {
      throw new IllegalArgumentException(argument + " must not be null");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(argument + " must not be empty");
    }
    if (value.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          argument + " must be at most " + MAX_NAME_LENGTH + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            argument + " must not contain control characters (found U+"
                + String.format("%04X", (int) value.charAt(i)) + " at index " + i + ")");
      }
    }
    return value;
  }

  /** Checks that a reference is not null. */
  public static <T> T notNull(String argument, T value) {
    if (value == null) {
      throw new IllegalArgumentException(argument + " must not be null");
    }
    return value;
  }

  /** Checks that an array is not null and not empty, and returns a defensive copy. */
  public static double[] nonEmptyCopy(String argument, double[] values) {
    notNull(argument, values);
    if (values.length == 0) {
      throw new IllegalArgumentException(argument + " must not be empty");
    }
    return values.clone();
  }

  /**
   * Checks labels: not null, no null element, no duplicates, exactly {@code expectedSize} of them.
   *
   * @return an immutable copy
   */
  public static List<String> labels(String argument, Collection<String> labels, int expectedSize) {
    notNull(argument, labels);
    if (labels.size() != expectedSize) {
      throw new IllegalArgumentException(
          argument + " must have " + expectedSize + " elements (one per value), got " + labels.size());
    }
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (String label : labels) {
      if (label == null) {
        throw new IllegalArgumentException(argument + " must not contain null (index " + index + ")");
      }
      if (!seen.add(label)) {
        throw new IllegalArgumentException(argument + " must not repeat a label, '" + label + "' repeats");
      }
      index++;
    }
    return List.copyOf(labels);
  }

  /** Unboxes numbers, none of which may be null. */
  public static double[] numbers(String argument, Collection<? extends Number> numbers) {
    double[] values = new double[notNull(argument, numbers).size()];
    int i = 0;
    for (Number n : numbers) {
      if (n == null) {
        throw new IllegalArgumentException(argument + " must not contain null (index " + i + ")");
      }
      values[i++] = n.doubleValue();
    }
    return values;
  }

  /** Checks that every count is finite and not negative. */
  public static void counts(String argument, double[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
        throw new IllegalArgumentException(
            argument + " must be finite and not negative, got " + counts[i] + " at index " + i);
      }
    }
  }
}
