package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.sketch.CountSummary;

/** A counter, reported as a number. */
public final class CountAccumulator extends SummaryAccumulator<Long, CountSummary> {

  private static final long serialVersionUID = 1L;

  /** An unregistered accumulator; {@code MLOps.countAccumulator} registers one for you. */
  public CountAccumulator() {
    this(CountSummary.create());
  }

  private CountAccumulator(CountSummary summary) {
    super(summary);
  }

  @Override
  protected CountAccumulator withSummary(CountSummary summary) {
    return new CountAccumulator(summary);
  }

  /** Adds {@code n}; a null is ignored. */
  @Override
  public void add(Long n) {
    if (n != null) {
      add(n.longValue());
    }
  }

  /**
   * Adds {@code n}.
   *
   * @param n the amount to add
   */
  public void add(long n) {
    summary().add(n);
  }

  /** Adds one. */
  public void increment() {
    add(1L);
  }
}
