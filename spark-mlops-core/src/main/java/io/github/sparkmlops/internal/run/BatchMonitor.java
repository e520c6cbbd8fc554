package io.github.sparkmlops.internal.run;

import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.sketch.NamedStat;
import java.time.Instant;
import java.util.List;

/**
 * Something that looks at the profile a streaming query observed under a name, at every
 * micro-batch: registered with {@link ApplicationRun#monitor}, called by the listener on its
 * report thread (never on Spark's listener bus), one batch at a time.
 */
public interface BatchMonitor {

  /**
   * Handles one micro-batch's observed profile.
   *
   * @param profile the observed {@code ProfileResult} bytes
   * @return stats to write with the batch's own, in its keyed commit
   */
  List<NamedStat> batch(StreamBatch batch, byte[] profile, Instant time);
}
