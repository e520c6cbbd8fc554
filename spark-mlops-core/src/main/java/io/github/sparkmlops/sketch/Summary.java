package io.github.sparkmlops.sketch;

import java.io.Serializable;
import java.util.List;

/**
 * A mergeable summary of data, bounded in memory. Not thread-safe: one writer at a time, as in a
 * task or an aggregation buffer.
 *
 * <p>A summary is stored and sent as {@link #toBytes()}: a versioned binary format its class's
 * {@code fromBytes(byte[])} reads back. Java serialization (which Spark uses for accumulators and
 * closures) writes those same bytes in the summary's place, never its fields.
 *
 * @param <S> the summary's own type, which it merges with
 */
public interface Summary<S extends Summary<S>> extends Serializable {

  /**
   * Whether nothing was added or merged in.
   *
   * @return whether the summary is empty
   */
  boolean isEmpty();

  /**
   * Folds {@code other} into this summary; the order of merges does not change the result.
   *
   * @param other a summary of the same settings
   */
  void merge(S other);

  /**
   * An independent copy.
   *
   * @return the copy
   */
  S copy();

  /**
   * A fresh, empty summary with the same settings (edges, bounds, dimension).
   *
   * @return the empty summary
   */
  S emptyCopy();

  /**
   * The stats this summary reports under {@code name}: always {@code name.count}, and the
   * distribution itself once there is data.
   *
   * @param name the prefix of the stats' names
   * @return the stats, each under its name
   */
  List<NamedStat> stats(String name);

  /**
   * This summary's encoding: a header naming the type and its format version, then the fields in
   * a fixed order. Reading it back refuses another type, an unknown version, or truncated bytes.
   *
   * @return the bytes
   */
  byte[] toBytes();
}
