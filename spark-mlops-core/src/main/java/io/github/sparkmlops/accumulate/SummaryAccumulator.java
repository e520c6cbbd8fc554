package io.github.sparkmlops.accumulate;

import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.sketch.Summary;
import java.util.List;
import org.apache.spark.util.AccumulatorV2;

/**
 * An accumulator whose value is a mergeable {@link Summary}. Tasks add to their own copy; Spark
 * merges the copies into the driver's instance as tasks finish, in any order.
 *
 * <p>Spark Java-serializes accumulators (to tasks, and back in task results); the summary inside
 * is written as its versioned bytes ({@link Summary#toBytes()}), not as its fields.
 *
 * <p>On the driver, merging and reading are synchronized, so the value may be read (and reported)
 * from another thread while jobs run. {@link #value()} returns a copy.
 *
 * @param <IN> what tasks add
 * @param <S> the summary
 */
public abstract class SummaryAccumulator<IN, S extends Summary<S>> extends AccumulatorV2<IN, S> {

  private static final long serialVersionUID = 1L;

  /** The value and how many updates the driver had seen when it was taken. */
  public record Snapshot(long updates, List<NamedStat> stats) {}

  /** The summary; Java serialization writes it as its bytes ({@link Summary#toBytes()}). */
  private S summary;
  private transient long updates;

  /**
   * An accumulator around an empty summary.
   *
   * @param summary the summary tasks add to
   */
  protected SummaryAccumulator(S summary) {
    this.summary = summary;
  }

  /**
   * A new accumulator of the same class around {@code summary}.
   *
   * @param summary the summary the new accumulator holds
   * @return the accumulator
   */
  protected abstract SummaryAccumulator<IN, S> withSummary(S summary);

  /**
   * The summary tasks add to; subclasses' {@code add} methods use it.
   *
   * @return the summary
   */
  protected final S summary() {
    updates++;
    return summary;
  }

  @Override
  public final boolean isZero() {
    return summary.isEmpty();
  }

  @Override
  public final synchronized SummaryAccumulator<IN, S> copy() {
    return withSummary(summary.copy());
  }

  @Override
  public final SummaryAccumulator<IN, S> copyAndReset() {
    return withSummary(summary.emptyCopy());
  }

  @Override
  public final synchronized void reset() {
    summary = summary.emptyCopy();
    updates++;
  }

  @Override
  public final synchronized void merge(AccumulatorV2<IN, S> other) {
    if (!(other instanceof SummaryAccumulator<IN, S> o) || o.getClass() != getClass()) {
      throw new UnsupportedOperationException(
          "cannot merge " + getClass().getSimpleName() + " with " + other.getClass().getName());
    }
    summary.merge(o.summary);
    updates++;
  }

  /** A copy of the current summary. */
  @Override
  public final synchronized S value() {
    return summary.copy();
  }

  /**
   * The stats of the current value under {@code name}, with the update count they reflect.
   *
   * @param name the prefix of the stats' names
   * @return the snapshot
   */
  public final synchronized Snapshot snapshot(String name) {
    return new Snapshot(updates, summary.stats(name));
  }
}
