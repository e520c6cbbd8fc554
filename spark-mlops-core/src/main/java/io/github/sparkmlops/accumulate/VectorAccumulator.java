package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.sketch.VectorSummary;
import org.apache.spark.ml.linalg.Vector;

/**
 * Per-dimension statistics of the vectors tasks add, the numbers MLlib's {@code Summarizer} gives
 * (see {@link VectorSummary}).
 */
public final class VectorAccumulator extends SummaryAccumulator<Vector, VectorSummary> {

  private static final long serialVersionUID = 1L;

  /** An unregistered accumulator; {@code MLOps.vectorAccumulator} registers one for you. */
  public VectorAccumulator() {
    this(VectorSummary.create());
  }

  private VectorAccumulator(VectorSummary summary) {
    super(summary);
  }

  @Override
  protected VectorAccumulator withSummary(VectorSummary summary) {
    return new VectorAccumulator(summary);
  }

  /** Adds an MLlib vector; a null is ignored. */
  @Override
  public void add(Vector vector) {
    if (vector != null) {
      summary().add(vector);
    }
  }

  /**
   * Adds a dense vector.
   *
   * @param values the vector's elements
   */
  public void add(double[] values) {
    summary().add(values);
  }
}
