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
 * What one Delta commit added, read from its {@code commitInfo}: the {@code operationMetrics}
 * that delta-spark writes for {@code WRITE}, {@code CREATE TABLE AS SELECT} and the like
 * ({@code numFiles}, {@code numOutputBytes}). Kernel does not expose a commit's info, so the
 * commit's JSON file is read; one small file, no Spark job.
 */
final class DeltaCommits {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaCommits() {}

  /**
   * The files and bytes a commit added, each null when its commit does not say.
   */
  record Added(Long files, Long bytes) {
    static final Added UNKNOWN = new Added(null, null);
  }

  /** What version {@code version} of the table at {@code table} added; UNKNOWN when unreadable. */
  static Added added(Path table, long version, Configuration hadoopConf) {
    Path commit = new Path(new Path(table, "_delta_log"), String.format("%020d.json", version));
    try {
      FileSystem fs = commit.getFileSystem(hadoopConf);
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          JsonNode info = line.contains("\"commitInfo\"") ? JSON.readTree(line).get("commitInfo")
              : null;
          if (info != null) {
            JsonNode metrics = info.path("operationMetrics");
            return new Added(number(metrics, "numFiles"), number(metrics, "numOutputBytes"));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a commit written elsewhere (coordinated commits) or not readable: not known
    }
    return Added.UNKNOWN;
  }

  /** Delta writes metrics as strings of digits. */
  private static Long number(JsonNode metrics, String name) {
    JsonNode value = metrics.get(name);
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
