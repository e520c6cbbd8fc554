package io.github.sparkmlops.sql.internal.plan;

import java.util.List;

/**
 * What a planned read will read.
 *
 * @param version the Delta version read, or -1 when the table does not exist yet
 * @param files the data files left after partition pruning and file skipping
 */
public record ScanPlan(long version, List<DataFile> files) {

  public ScanPlan {
    files = List.copyOf(files);
  }

  /** The plan of a table that does not exist yet: no version, no files. */
  static ScanPlan empty() {
    return new ScanPlan(-1, List.of());
  }

  /** The bytes to read. */
  public long totalBytes() {
    return files.stream().mapToLong(DataFile::size).sum();
  }
}
