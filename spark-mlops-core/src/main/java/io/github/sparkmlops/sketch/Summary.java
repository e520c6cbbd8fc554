package io.github.sparkmlops.sketch;

import java.io.Serializable;
import java.util.List;

/**
 * A mergeable summary of data, bounded in memory. Not thread-safe: one writer at a time, as in a
 * task or an aggregation buffer.
 *
 * @param <S> the summary's own type, which it merges with
 */
public interface Summary<S extends Summary<S>> extends Serializable {

  /** Whether nothing was added or merged in. */
  boolean isEmpty();

  /** Folds {@code other} into this summary; the order of merges does not change the result. */
  void merge(S other);

  /** An independent copy. */
  S copy();

  /** A fresh, empty summary with the same settings (edges, bounds, dimension). */
  S emptyCopy();

  /**
   * The stats this summary reports under {@code name}: always {@code name.count}, and the
   * distribution itself once there is data.
   */
  List<NamedStat> stats(String name);
}
