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
}
