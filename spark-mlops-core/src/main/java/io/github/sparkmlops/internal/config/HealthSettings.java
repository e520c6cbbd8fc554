package io.github.sparkmlops.internal.config;

import io.github.sparkmlops.health.DriftMethod;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code spark.mlops.health.*} settings: the defaults of every drift check, which a check's
 * {@code DriftOptions} override.
 *
 * @param driftShare {@value #DRIFT_SHARE}: the share of drifted columns at which a Dataset counts
 *     as drifted, in (0, 1], default 0.5
 * @param numericMethod {@value #NUMERIC_METHOD}: the method of numeric columns, or empty for the
 *     default choice ({@code auto})
 * @param categoricalMethod {@value #CATEGORICAL_METHOD}: likewise for categorical columns
 * @param thresholds {@value #THRESHOLD_PREFIX}{@code <method>}: thresholds by method
 * @param smallBaselineRows {@value #SMALL_BASELINE_ROWS}: the baseline size up to which the tests
 *     are the default methods, default 1000
 * @param anomalyStats {@value #ANOMALIES}: the stats whose new points each {@code flush()} checks
 *     for anomalies (comma-separated), none by default
 */
public record HealthSettings(double driftShare, Optional<DriftMethod> numericMethod,
    Optional<DriftMethod> categoricalMethod, Map<DriftMethod, Double> thresholds,
    long smallBaselineRows, List<String> anomalyStats) {

  public static final String DRIFT_SHARE = "spark.mlops.health.driftShare";
  public static final String NUMERIC_METHOD = "spark.mlops.health.numericMethod";
  public static final String CATEGORICAL_METHOD = "spark.mlops.health.categoricalMethod";
  public static final String SMALL_BASELINE_ROWS = "spark.mlops.health.smallBaselineRows";
  public static final String ANOMALIES = "spark.mlops.health.anomalies";
  /** Followed by a method's key ({@code ks}, {@code wasserstein}, ...). */
  public static final String THRESHOLD_PREFIX = "spark.mlops.health.threshold.";

  /**
   * Reads the settings.
   *
   * @param keys every configuration key, to find the thresholds
   * @throws IllegalArgumentException naming the key, for a malformed value or an unknown method
   */
  static HealthSettings from(Iterable<String> keys, Function<String, Optional<String>> get) {
    String share = get.apply(DRIFT_SHARE).orElse("0.5");
    double driftShare = number(DRIFT_SHARE, share);
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException(DRIFT_SHARE + " must be in (0, 1], got '" + share + "'");
    }
    Map<DriftMethod, Double> thresholds = new EnumMap<>(DriftMethod.class);
    for (String key : keys) {
      if (key.startsWith(THRESHOLD_PREFIX)) {
        DriftMethod method = method(key, key.substring(THRESHOLD_PREFIX.length()));
        String v = get.apply(key).orElse("");
        thresholds.put(method, method.requireThreshold(number(key, v), key));
      }
    }
    String small = get.apply(SMALL_BASELINE_ROWS).orElse("1000");
    long smallRows;
    try {
      smallRows = Long.parseLong(small);
    } catch (NumberFormatException e) {
      smallRows = -1;
    }
    if (smallRows < 0) {
      throw new IllegalArgumentException(SMALL_BASELINE_ROWS
          + " must be a whole number of rows, 0 or more, got '" + small + "'");
    }
    Optional<DriftMethod> categorical = chosen(get, CATEGORICAL_METHOD);
    if (categorical.isPresent() && categorical.get().numericOnly()) {
      throw new IllegalArgumentException(CATEGORICAL_METHOD + " cannot be "
          + categorical.get().key() + ", which compares numeric columns only");
    }
    List<String> anomalyStats = Arrays.stream(get.apply(ANOMALIES).orElse("").split(","))
        .map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
    return new HealthSettings(driftShare, chosen(get, NUMERIC_METHOD), categorical,
        Map.copyOf(thresholds), smallRows, anomalyStats);
  }

  /** The threshold of {@code method}: its setting, else its default. */
  public double threshold(DriftMethod method) {
    return thresholds.getOrDefault(method, method.defaultThreshold());
  }

  private static Optional<DriftMethod> chosen(Function<String, Optional<String>> get, String key) {
    return get.apply(key).filter(v -> !v.equalsIgnoreCase("auto")).map(v -> method(key, v));
  }

  private static DriftMethod method(String key, String name) {
    try {
      return DriftMethod.ofKey(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static double number(String key, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
    }
  }
}
