package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.sketch.CategorySummary;

/**
 * A categorical histogram of the strings tasks add: exact up to a bound, then a frequent-items
 * sketch (see {@link CategorySummary}). A null counts as missing.
 */
public final class CategoryAccumulator extends SummaryAccumulator<String, CategorySummary> {

  private static final long serialVersionUID = 1L;

  /**
   * An unregistered accumulator; {@code MLOps.categoryAccumulator} registers one for you.
   *
   * @param summary the empty summary tasks add to
   */
  public CategoryAccumulator(CategorySummary summary) {
    super(summary);
  }

  @Override
  protected CategoryAccumulator withSummary(CategorySummary summary) {
    return new CategoryAccumulator(summary);
  }

  @Override
  public void add(String value) {
    summary().add(value);
  }
}
