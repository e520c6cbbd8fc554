package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.health.DriftMethod;
import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.internal.aggregate.ProfileBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The drift of one column from the profile states of both sides: the metrics of {@link
 * DriftMetrics} for the column's kind, the method its {@link DriftRules} choose, and the verdict.
 *
 * <p>A numeric column with at most {@link DriftRules#FEW_VALUES} distinct values on both sides
 * together is judged as a categorical one (its values are the categories), as Evidently does; its
 * numeric metrics are reported too. Distinct values are counted exactly where the profile kept the
 * values (integral columns of few values); otherwise the sketch's non-empty buckets stand for them,
 * which keeps apart values more than 1/128 of their distance from the column's centre apart.
 */
final class ColumnDrift {

  /** The bin of the values a baseline never saw. */
  static final String OTHER = "__other__";

  private ColumnDrift() {}

  /** One side of a comparison: a column's state and the number of rows it was profiled from. */
  record Side(ProfileBuffer.Column state, long rows) {}

  static FeatureDrift compare(String column, Side baseline, Side current, DriftRules rules) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("baseline_count", (double) baseline.state().count());
    metrics.put("current_count", (double) current.state().count());
    metrics.put("baseline_null_share", nullShare(baseline));
    metrics.put("current_null_share", nullShare(current));
    DriftMethod method;
    if (baseline.state() instanceof ProfileBuffer.Numeric b
        && current.state() instanceof ProfileBuffer.Numeric c) {
      method = numeric(column, b, c, metrics, rules);
    } else if (baseline.state() instanceof ProfileBuffer.Categorical b
        && current.state() instanceof ProfileBuffer.Categorical c) {
      method = rules.method(column, false, b.count());
      CategoryCounts base = new CategoryCounts(b.valueCounts());
      metrics.putAll(DriftMetrics.categorical(base, inTermsOf(base, c.valueCounts())));
    } else {
      throw new IllegalArgumentException("Column '" + column + "' was profiled as "
          + kind(baseline) + " in the baseline but as " + kind(current) + " now");
    }
    double threshold = rules.threshold(method);
    Double score = metrics.get(method.metric());
    double s = score == null || baseline.state().count() == 0 || current.state().count() == 0
        ? Double.NaN : score;
    return new FeatureDrift(column, method.key(), s, threshold, method.drifted(s, threshold),
        metrics);
  }

  private static DriftMethod numeric(String column, ProfileBuffer.Numeric b,
      ProfileBuffer.Numeric c, Map<String, Double> metrics, DriftRules rules) {
    putIfPresent(metrics, "baseline_mean", b.meanOrNull());
    putIfPresent(metrics, "current_mean", c.meanOrNull());
    putIfPresent(metrics, "baseline_stddev", b.stddevOrNull());
    putIfPresent(metrics, "current_stddev", c.stddevOrNull());
    // both on the baseline's buckets: the current data is profiled on its centre, but a stored
    // profile compared with another (compare) may have been centred on its own data
    NumericCounts nb = NumericCounts.of(b, b.centre());
    NumericCounts nc = NumericCounts.of(c, b.centre());
    Map<String, Long> valuesB = b.valueCounts();
    Map<String, Long> valuesC = c.valueCounts();
    boolean exact = valuesB != null && valuesC != null;
    CategoryCounts cb = new CategoryCounts(exact ? valuesB : byInterval(nb));
    CategoryCounts cc = new CategoryCounts(exact ? valuesC : byInterval(nc));
    Set<String> distinct = new HashSet<>(cb.counts().keySet());
    distinct.addAll(cc.counts().keySet());
    boolean fewValues = distinct.size() <= DriftRules.FEW_VALUES;
    DriftMethod method = rules.method(column, !fewValues, b.count());
    Double stddev = b.stddevOrNull();
    metrics.putAll(DriftMetrics.numeric(nb, nc, stddev == null ? 0.0 : stddev));
    if (fewValues) {
      metrics.putAll(DriftMetrics.categorical(cb, inTermsOf(cb, cc.counts())));
    } else if (method == DriftMethod.CHI_SQUARE) {
      // chi-square by bucket, the binned distances staying on the deciles
      Map<String, Double> byBucket = DriftMetrics.categorical(cb, inTermsOf(cb, cc.counts()));
      metrics.put(DriftMetrics.CHI_SQUARED_STATISTIC, byBucket.get(DriftMetrics.CHI_SQUARED_STATISTIC));
      metrics.put(DriftMetrics.CHI_SQUARED_PVALUE, byBucket.get(DriftMetrics.CHI_SQUARED_PVALUE));
    }
    return method;
  }

  /** The counts of a sketch's buckets, each labelled by its lower bound. */
  private static Map<String, Long> byInterval(NumericCounts counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < counts.counts().length; i++) {
      out.merge(Double.toString(counts.lower()[i]), counts.counts()[i], Long::sum);
    }
    return out;
  }

  /**
   * The current counts in the baseline's categories, every value the baseline never saw counted in
   * one explicit bin, {@value #OTHER}: a bin the baseline has none of, so that its share is the
   * {@code unseen_share} and a chi-square test against it is infinite.
   */
  private static CategoryCounts inTermsOf(CategoryCounts baseline, Map<String, Long> current) {
    Map<String, Long> out = new LinkedHashMap<>();
    current.forEach((category, count) -> out.merge(
        baseline.counts().containsKey(category) ? category : OTHER, count, Long::sum));
    return new CategoryCounts(out);
  }

  private static double nullShare(Side side) {
    return side.rows() == 0 ? Double.NaN : 1.0 - (double) side.state().count() / side.rows();
  }

  private static void putIfPresent(Map<String, Double> metrics, String name, Double value) {
    if (value != null) {
      metrics.put(name, value);
    }
  }

  private static String kind(Side side) {
    return side.state() instanceof ProfileBuffer.Numeric ? "numeric"
        : side.state() instanceof ProfileBuffer.Categorical ? "categorical" : "neither";
  }
}
