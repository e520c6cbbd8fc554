package io.github.sparkmlops.internal.maintain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the store is maintained.
 *
 * @param background whether maintenance also runs by itself, every {@code interval}
 * @param interval the time between background runs (the first comes one interval after start)
 * @param targetFileSize compaction writes files of about this many bytes; smaller files are
 *     compaction candidates
 * @param minFiles a date partition is compacted once it holds this many candidate files
 * @param fileRetention files that compaction replaced are deleted once they were replaced this
 *     long ago; the table's {@code delta.deletedFileRetentionDuration}
 * @param logRetention commits older than this are removed once a newer checkpoint exists; the
 *     table's {@code delta.logRetentionDuration}
 * @param checkpointInterval a checkpoint every this many commits; the table's {@code
 *     delta.checkpointInterval}
 */
public record MaintenanceSettings(boolean background, Duration interval, long targetFileSize,
    int minFiles, Duration fileRetention, Duration logRetention, int checkpointInterval) {

  static final String FILE_RETENTION_PROPERTY = "delta.deletedFileRetentionDuration";
  static final String LOG_RETENTION_PROPERTY = "delta.logRetentionDuration";
  static final String CHECKPOINT_INTERVAL_PROPERTY = "delta.checkpointInterval";

  /** Delta's defaults for the three table properties: a table without them behaves so. */
  private static final Map<String, String> DELTA_DEFAULTS = Map.of(
      FILE_RETENTION_PROPERTY, interval(Duration.ofDays(7)),
      LOG_RETENTION_PROPERTY, interval(Duration.ofDays(30)),
      CHECKPOINT_INTERVAL_PROPERTY, "10");

  /**
   * The table properties these settings need, as Delta spells them.
   */
  Map<String, String> tableProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(FILE_RETENTION_PROPERTY, interval(fileRetention));
    properties.put(LOG_RETENTION_PROPERTY, interval(logRetention));
    properties.put(CHECKPOINT_INTERVAL_PROPERTY, Integer.toString(checkpointInterval));
    return properties;
  }

  /**
   * The properties a table with {@code current} lacks or holds differently; a property the table
   * does not have counts as Delta's default, so a table is only changed when a setting is.
   */
  Map<String, String> changedProperties(Map<String, String> current) {
    Map<String, String> changed = new LinkedHashMap<>();
    tableProperties().forEach((key, wanted) -> {
      String has = current.getOrDefault(key, DELTA_DEFAULTS.get(key));
      if (!wanted.equals(has)) {
        changed.put(key, wanted);
      }
    });
    return changed;
  }

  /** A duration as a Delta interval string, in whole seconds (rounded up). */
  static String interval(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return "interval " + seconds + " seconds";
  }
}
