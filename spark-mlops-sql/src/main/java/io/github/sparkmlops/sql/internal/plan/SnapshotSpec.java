package io.github.sparkmlops.sql.internal.plan;

import java.time.Instant;
import java.util.Optional;

/**
 * Which version of a table to read: the latest, a version, or the version current at a time (Delta
 * time travel). At most one of the two is present.
 *
 * @param version read exactly this version
 * @param timestamp read the version current at this time
 */
public record SnapshotSpec(Optional<Long> version, Optional<Instant> timestamp) {

  public SnapshotSpec {
    if (version.isPresent() && timestamp.isPresent()) {
      throw new IllegalArgumentException("Options 'versionAsOf' and 'timestampAsOf' exclude each other");
    }
  }

  /** The latest version. */
  public static SnapshotSpec latest() {
    return new SnapshotSpec(Optional.empty(), Optional.empty());
  }
}
