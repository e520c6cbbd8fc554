package io.github.sparkmlops.health;

/**
 * How a column is judged drifted: the statistic compared with a threshold. The tests ({@link
 * #KOLMOGOROV_SMIRNOV}, {@link #CHI_SQUARE}) call a column drifted when their p-value is below the
 * threshold; the distances when they are at or above it. The defaults follow Evidently's data drift
 * preset. Every method's score is also in the drift table, under the column {@link #metric()}.
 */
public enum DriftMethod {
  /** Two-sample Kolmogorov-Smirnov test, numeric columns: drifted when p &lt; 0.05. */
  KOLMOGOROV_SMIRNOV("ks", "ks_pvalue", true, 0.05, true),
  /**
   * Chi-square goodness of fit of the current counts to the baseline's shares: drifted when p &lt;
   * 0.05. Numeric columns are compared by value (few-valued ones) or by bucket.
   */
  CHI_SQUARE("chisquare", "chi_squared_pvalue", true, 0.05, false),
  /** Wasserstein distance (W1) divided by max(baseline stddev, 0.001), numeric: drifted at ≥ 0.1. */
  WASSERSTEIN("wasserstein", "wasserstein_normed", false, 0.1, true),
  /** Jensen-Shannon distance (natural logarithm, 0 to √ln 2): drifted at ≥ 0.1. */
  JENSEN_SHANNON("jensenshannon", "js_distance", false, 0.1, false),
  /** Population stability index (empty shares floored at 0.0001): drifted at ≥ 0.1. */
  PSI("psi", "population_stability_index", false, 0.1, false),
  /**
   * Total variation distance (half the summed share differences, 0 to 1): drifted at ≥ 0.1, a
   * default of ours (no peer sets one).
   */
  TOTAL_VARIATION("tv", "tv_distance", false, 0.1, false),
  /** L-infinity distance (the largest share difference, 0 to 1): drifted at ≥ 0.1, as TV. */
  L_INFINITY("linf", "l_infinity_distance", false, 0.1, false);

  private final String key;
  private final String metric;
  private final boolean pValue;
  private final double defaultThreshold;
  private final boolean numericOnly;

  DriftMethod(String key, String metric, boolean pValue, double defaultThreshold,
      boolean numericOnly) {
    this.key = key;
    this.metric = metric;
    this.pValue = pValue;
    this.defaultThreshold = defaultThreshold;
    this.numericOnly = numericOnly;
  }

  /**
   * The method's name in configuration keys and in the drift table's {@code method} column.
   *
   * @return the key, such as {@code psi}
   */
  public String key() {
    return key;
  }

  /**
   * The drift table column holding the method's score.
   *
   * @return the column's name
   */
  public String metric() {
    return metric;
  }

  /**
   * Whether the score is a p-value (drifted below the threshold) rather than a distance.
   *
   * @return whether the score is a p-value
   */
  public boolean pValue() {
    return pValue;
  }

  /**
   * The threshold unless one is set by option or configuration.
   *
   * @return the default threshold
   */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /**
   * Whether the method applies to numeric columns only.
   *
   * @return whether the method applies to numeric columns only
   */
  public boolean numericOnly() {
    return numericOnly;
  }

  /**
   * Whether {@code score} against {@code threshold} is drift; a NaN score never is.
   *
   * @param score the method's score
   * @param threshold the threshold it is judged against
   * @return whether it is drift
   */
  public boolean drifted(double score, double threshold) {
    return pValue ? score < threshold : score >= threshold;
  }

  /**
   * Checks a threshold for this method: a p-value in (0, 1) for a test, a finite distance above 0
   * for the others.
   *
   * @param threshold the threshold to check
   * @param what the option or configuration key it comes from, named in the error
   * @return the threshold
   */
  public double requireThreshold(double threshold, String what) {
    boolean ok = pValue ? threshold > 0 && threshold < 1 : threshold > 0 && Double.isFinite(threshold);
    if (!ok) {
      throw new IllegalArgumentException(what + " of " + key + " must be "
          + (pValue ? "a p-value in (0, 1)" : "a finite distance above 0") + ", got " + threshold);
    }
    return threshold;
  }

  /**
   * The method a key names ({@code ks}, {@code chisquare}, {@code wasserstein}, {@code
   * jensenshannon}, {@code psi}, {@code tv}, {@code linf}), in any case.
   *
   * @param key the key
   * @return the method
   * @throws IllegalArgumentException naming the keys, if none is {@code key}
   */
  public static DriftMethod ofKey(String key) {
    for (DriftMethod m : values()) {
      if (m.key.equalsIgnoreCase(key == null ? "" : key.trim())) {
        return m;
      }
    }
    StringBuilder keys = new StringBuilder();
    for (DriftMethod m : values()) {
      keys.append(keys.length() == 0 ? "" : ", ").append(m.key);
    }
    throw new IllegalArgumentException("Unknown drift method '" + key + "'; the methods are "
        + keys);
  }
}
