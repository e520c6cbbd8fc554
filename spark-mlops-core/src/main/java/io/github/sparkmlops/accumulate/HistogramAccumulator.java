package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.sketch.ContinuousSummary;

/**
 * A continuous histogram of the doubles tasks add: exact counts over fixed edges, or automatic
 * equal-width bins from the profile's relative-error sketch, so that it gives the same bins and
 * counts as {@code MLOpsFunctions.histogram} and a {@code DataProfiler} profile of the same values
 * (see {@link ContinuousSummary}).
 */
public final class HistogramAccumulator extends SummaryAccumulator<Double, ContinuousSummary> {

  private static final long serialVersionUID = 1L;

  /**
   * An unregistered accumulator; {@code MLOps.histogramAccumulator} registers one for you.
   *
   * @param summary the empty summary tasks add to
   */
  public HistogramAccumulator(ContinuousSummary summary) {
    super(summary);
  }

  @Override
  protected HistogramAccumulator withSummary(ContinuousSummary summary) {
    return new HistogramAccumulator(summary);
  }

  /** Adds a value; a null is ignored. */
  @Override
  public void add(Double value) {
    if (value != null) {
      add(value.doubleValue());
    }
  }

  /**
   * Adds a value.
   *
   * @param value the value
   */
  public void add(double value) {
    summary().add(value);
  }
}
