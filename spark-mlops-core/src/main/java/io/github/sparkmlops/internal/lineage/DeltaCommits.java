package io.github.sparkmlops.internal.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What Delta's log says of one version, read from its small JSON files with Hadoop's filesystem,
 * never through delta-spark (whose snapshot may start a Spark job to work it out) and never by a
 * log replay: the version's checksum file ({@code numFiles}, {@code tableSizeBytes}) and its
 * commit's {@code commitInfo} (the commit time, and the {@code operationMetrics} that delta-spark
 * writes for its writes: {@code numFiles}, {@code numOutputBytes}).
 */
final class DeltaCommits {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How many commits back from the latest a write's own commit is looked for. */
  private static final int MAX_COMMITS_BACK = 100;

  private DeltaCommits() {}

  /** A number of data files and their total size, each null when not known. */
  record Files(Long files, Long bytes) {
    static final Files UNKNOWN = new Files(null, null);
  }

  /**
   * A version written, with the files and bytes its commit added.
   *
   * @param version the version
   * @param added what its commit added
   */
  record Written(long version, Files added) {}

  /** The data files of version {@code version} and their size, from its checksum file. */
  static Files checksum(Path table, long version, Configuration hadoopConf) {
    JsonNode crc = firstLine(logFile(table, version, "crc"), hadoopConf, null);
    return crc == null ? Files.UNKNOWN
        : new Files(number(crc, "numFiles"), number(crc, "tableSizeBytes"));
  }

  /**
   * The version a query that ran from {@code startMillis} to {@code endMillis} committed: the
   * earliest commit of that time, looking back from {@code latest} (at most {@value
   * #MAX_COMMITS_BACK} commits). A writer of its own committing in between would be taken for
   * it; null when no commit of that time is found.
   */
  static Written writtenBetween(Path table, long latest, long startMillis, long endMillis,
      Configuration hadoopConf) {
    Written found = null;
    for (long v = latest; v >= 0 && v > latest - MAX_COMMITS_BACK; v--) {
      JsonNode info = firstLine(logFile(table, v, "json"), hadoopConf, "commitInfo");
      Long time = info == null ? null
          : info.has("inCommitTimestamp") ? number(info, "inCommitTimestamp")
          : number(info, "timestamp");
      if (time == null || time < startMillis) {
        break;
      }
      if (time <= endMillis) {
        JsonNode metrics = info.path("operationMetrics");
        found = new Written(v, new Files(number(metrics, "numFiles"),
            number(metrics, "numOutputBytes")));
      }
    }
    return found;
  }

  private static Path logFile(Path table, long version, String extension) {
    return new Path(new Path(table, "_delta_log"), String.format("%020d.%s", version, extension));
  }

  /**
   * The first line of {@code file} that is a JSON object, or the value of the first one holding
   * {@code field} when it is given; null when there is none or the file cannot be read.
   */
  private static JsonNode firstLine(Path file, Configuration hadoopConf, String field) {
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (field == null) {
            return JSON.readTree(line);
          }
          if (line.contains("\"" + field + "\"")) {
            JsonNode value = JSON.readTree(line).get(field);
            if (value != null) {
              return value;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not there (a version without a checksum, a commit elsewhere) or not readable: unknown
    }
    return null;
  }

  /** Delta writes counts as numbers in checksums and as strings of digits in metrics. */
  private static Long number(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.asText());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
