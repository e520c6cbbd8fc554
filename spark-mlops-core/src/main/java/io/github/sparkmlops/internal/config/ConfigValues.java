package io.github.sparkmlops.internal.config;

import java.util.function.ToLongBiFunction;
import org.apache.spark.SparkConf;

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

  /**
   * A size in Spark's notation ({@code 512k}, {@code 64m}, {@code 1g}; a bare number is bytes),
   * read as Spark reads its own sizes, through its public {@code SparkConf}; -1 when malformed.
   */
  public static long bytesOrMinusOne(String value) {
    return parsed(value, (conf, key) -> conf.getSizeAsBytes(key));
  }

  /**
   * A duration in Spark's notation ({@code 500ms}, {@code 10s}, {@code 2min}; a bare number is
   * milliseconds), read through {@code SparkConf}; -1 when malformed.
   */
  public static long millisOrMinusOne(String value) {
    return parsed(value, (conf, key) -> conf.getTimeAsMs(key));
  }

  private static long parsed(String value, ToLongBiFunction<SparkConf, String> read) {
    // any key outside spark.mlops.*, whose keys are all listed in ConfigKeys
    String key = "parsed.value";
    try {
      return read.applyAsLong(new SparkConf(false).set(key, value), key);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
