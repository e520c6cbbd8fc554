package io.github.sparkmlops.internal.value;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Argument checks shared by every value the library accepts. Each failure is an
 * {@link IllegalArgumentException} whose message names the argument and the rule it broke, so a
 * bad call is rejected before anything of it reaches the store.
 */
public final class Require {

  /** The longest name-like string (stat name, event title, context field, label) accepted. */
  public static final int MAX_NAME_LENGTH = 256;

  /**
   * The earliest instant accepted: 0001-01-01T00:00:00Z, the first instant of Spark's timestamp
   * range (and of an ISO date partition value with a four-digit year).
   */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * The latest instant accepted: 9999-12-31T23:59:59.999999999Z, the end of Spark's timestamp
   * range. Nanoseconds are kept here; the store truncates them to microseconds.
   */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Require() {}

  /**
   * The one rule for every name-like string: stat names, event titles, the run context (mlapp,
   * pipeline, node, run id, host), vector, histogram and graph labels, table column and row names.
   * Such a string must
   *
   * <ul>
   *   <li>not be null nor empty, and be at most {@value #MAX_NAME_LENGTH} characters (UTF-16
   *       units);
   *   <li>hold no control character (Unicode category Cc: they break log lines, CSV exports and
   *       HTML reports);
   *   <li>be well-formed UTF-16: no unpaired surrogate (Parquet stores UTF-8, which would turn it
   *       into {@code ?});
   *   <li>hold at least one visible character: not only whitespace and invisible characters
   *       (categories Zs, Zl, Zp and Cf, such as U+200B or U+FEFF), which look like no name at all.
   * </ul>
   *
   * <p>A failure names the argument and the rule: {@code "<argument> must ..."}.
   *
   * @return the value, unchanged
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
    boolean visible = false;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.SURROGATE) {
        // codePointAt returns a lone surrogate as itself; a proper pair comes back combined.
        throw new IllegalArgumentException(argument
            + " must be well-formed UTF-16 (found an unpaired surrogate " + hex(cp) + " at index "
            + i + ")");
      }
      if (type == Character.CONTROL) {
        throw new IllegalArgumentException(argument
            + " must not contain control characters (found " + hex(cp) + " at index " + i + ")");
      }
      if (type != Character.FORMAT && type != Character.SPACE_SEPARATOR
          && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR) {
        visible = true;
      }
      i += Character.charCount(cp);
    }
    if (!visible) {
      throw new IllegalArgumentException(argument
          + " must contain a visible character, not only whitespace or invisible characters");
    }
    return value;
  }

  /**
   * Checks an instant: not null and between {@link #MIN_TIME} and {@link #MAX_TIME} (years 0001 to
   * 9999 UTC), the range Spark's timestamps hold. Outside it the microseconds overflow a long or the
   * date partition value is not a four-digit year that Spark and delta-spark can read back.
   *
   * @return the instant, unchanged
   */
  public static Instant time(String argument, Instant value) {
    notNull(argument, value);
    if (value.isBefore(MIN_TIME) || value.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(argument + " must be between " + MIN_TIME + " and "
          + MAX_TIME + " (years 0001 to 9999 UTC), got " + value);
    }
    return value;
  }

  private static String hex(int codePoint) {
    return String.format("U+%04X", codePoint);
  }

  /**
   * Reads a Spark interval string ({@code "10 minutes"}, {@code "1 hour 30 minutes"}, {@code
   * "interval 2 days"}) as Spark's {@code window} function reads its durations, a day being 24
   * hours.
   *
   * @param allowZero whether a zero interval is accepted
   * @throws IllegalArgumentException if it is null, not an interval, counts months or years (whose
   *     length varies), is negative, or is zero when that is not allowed
   */
  public static Duration interval(String argument, String value, boolean allowZero) {
    notNull(argument, value);
    CalendarInterval interval;
    try {
      interval = IntervalUtils.stringToInterval(UTF8String.fromString(value));
    } catch (RuntimeException e) { // Spark's own parse errors
      throw new IllegalArgumentException(argument + " must be an interval such as '10 minutes', "
          + "got '" + value + "'", e);
    }
    if (interval.months != 0) {
      throw new IllegalArgumentException(argument + " must not count months or years, whose "
          + "length varies; got '" + value + "'");
    }
    Duration d = Duration.ofDays(interval.days).plus(interval.microseconds, ChronoUnit.MICROS);
    if (d.isNegative() || d.isZero() && !allowZero) {
      throw new IllegalArgumentException(argument + " must be " + (allowZero ? "zero or more" :
          "more than zero") + ", got '" + value + "'");
    }
    return d;
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
   * Checks labels: exactly {@code expectedSize} of them, each a valid {@link #name name} (reported
   * as {@code argument[index]}), none repeated.
   *
   * @return an immutable copy
   */
  public static List<String> labels(String argument, Collection<String> labels, int expectedSize) {
    return distinct(argument, labels, expectedSize, Require::name);
  }

  /**
   * Checks the categories of a categorical histogram: exactly {@code expectedSize}, none null or
   * repeated, each well-formed UTF-16 (so that it is stored exactly). They are data values, not
   * names: an empty string, blanks, control characters or a long text are categories like any
   * other, as a profiled column holds them.
   *
   * @return an immutable copy
   */
  public static List<String> categories(
      String argument, Collection<String> categories, int expectedSize) {
    return distinct(argument, categories, expectedSize, Require::wellFormed);
  }

  private static List<String> distinct(String argument, Collection<String> labels,
      int expectedSize, BiConsumer<String, String> rule) {
    notNull(argument, labels);
    if (labels.size() != expectedSize) {
      throw new IllegalArgumentException(
          argument + " must have " + expectedSize + " elements (one per value), got " + labels.size());
    }
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (String label : labels) {
      rule.accept(argument + "[" + index + "]", label);
      if (!seen.add(label)) {
        throw new IllegalArgumentException(argument + " must not repeat a label, '" + label + "' repeats");
      }
      index++;
    }
    return List.copyOf(labels);
  }

  private static void wellFormed(String argument, String value) {
    notNull(argument, value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(argument + " must be well-formed UTF-16 (found an "
            + "unpaired surrogate " + hex(c) + " at index " + i + ")");
      }
    }
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
