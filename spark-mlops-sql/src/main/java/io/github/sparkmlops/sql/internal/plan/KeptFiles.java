package io.github.sparkmlops.sql.internal.plan;

import io.delta.kernel.Snapshot;
import io.delta.kernel.internal.util.IntervalParserUtils;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Finds the data files of a read that the store's clean-up has deleted: maintenance (or a {@code
 * VACUUM}) deletes the files a later version replaced once they are older than the table's file
 * retention, so an older version, or a stream reading older commits, names files that are gone.
 * Found on the driver, such a read fails when it is planned, saying so, instead of in every task.
 * Each folder is listed once (and remembered: a deleted file does not come back), not each file
 * asked for.
 */
public final class KeptFiles {

  /** The table property holding the file retention, as Delta and maintenance spell it. */
  public static final String FILE_RETENTION_PROPERTY = "delta.deletedFileRetentionDuration";
  private static final String DELTA_DEFAULT_RETENTION = "interval 1 week";

  private final Configuration hadoopConf;
  private final Map<Path, Set<String>> names = new HashMap<>();

  /** Looks through {@code hadoopConf}'s filesystems. */
  public KeptFiles(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /**
   * The first of {@code files} last modified before {@code modifiedBefore} (milliseconds since
   * the epoch) that no longer exists; younger files cannot have been cleaned up yet.
   */
  public Optional<DataFile> firstGone(List<DataFile> files, long modifiedBefore) {
    for (DataFile file : files) {
      if (file.modificationTime() < modifiedBefore && !exists(new Path(file.path()))) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private boolean exists(Path file) {
    Set<String> inFolder = names.get(file.getParent());
    if (inFolder == null) {
      inFolder = new HashSet<>();
      try {
        for (FileStatus entry : file.getFileSystem(hadoopConf).listStatus(file.getParent())) {
          inFolder.add(entry.getPath().getName());
        }
      } catch (FileNotFoundException folderGone) {
        // the whole partition was cleaned up: none of its files exists
      } catch (IOException e) {
        throw new UncheckedIOException("Listing " + file.getParent() + " failed", e);
      }
      names.put(file.getParent(), inFolder);
    }
    return inFolder.contains(file.getName());
  }

  /** The table's file retention as its property spells it ({@code interval 7 days}). */
  public static String retention(Snapshot snapshot) {
    return snapshot.getTableProperties().getOrDefault(FILE_RETENTION_PROPERTY,
        DELTA_DEFAULT_RETENTION);
  }

  /** The table's file retention in milliseconds. */
  public static long retentionMillis(Snapshot snapshot) {
    return IntervalParserUtils.safeParseIntervalAsMillis(retention(snapshot));
  }
}
