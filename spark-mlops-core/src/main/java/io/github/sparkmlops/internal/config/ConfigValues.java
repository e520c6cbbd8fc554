package io.github.sparkmlops.internal.config;

/** Parsing of setting and option values, so configuration and data source options agree. */
public final class ConfigValues {

  private ConfigValues() {}

  /**
   * {@code true} or {@code false} in any case; anything else is rejected rather than read as
   * false, since a typo would otherwise silently switch a feature off.
   *
   * @param what names the setting in the error, e.g. {@code spark.mlops.enabled}
   */
  public static boolean bool(String what, String value) {
    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
      throw new IllegalArgumentException(what + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /**
   * A positive {@code int}; anything else is rejected.
   *
   * @param what names the setting in the error, e.g. {@code spark.mlops.buffer.capacity}
   */
  public static int positiveInt(String what, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + " must be a positive integer, got '" + value + "'");
  }
}
