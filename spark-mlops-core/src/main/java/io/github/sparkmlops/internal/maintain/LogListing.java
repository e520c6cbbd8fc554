package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.store.KernelIterators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a table's log that hold its current state: its last checkpoint and the commits
 * after it.
 *
 * @param checkpointParts the checkpoint {@code _last_checkpoint} names (classic, or every part of
 *     a multi-part one); empty if the table has none
 * @param commitsAfterCheckpoint the commit files after it, in version order
 * @param unreadableCheckpoint why the newest checkpoint cannot be read here (a V2 checkpoint keeps
 *     its actions in sidecar files), if so
 */
record LogListing(List<FileStatus> checkpointParts, List<FileStatus> commitsAfterCheckpoint,
    Optional<String> unreadableCheckpoint) {

  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT =
      Pattern.compile("(\\d{20})\\.checkpoint(?:\\.(\\d{10})\\.(\\d{10}))?\\.parquet");
  private static final Pattern V2_CHECKPOINT =
      Pattern.compile("(\\d{20})\\.checkpoint\\.[^.]+\\.(json|parquet)");
  private static final StructType LAST_CHECKPOINT = new StructType().add("version", LongType.LONG);

  /**
   * Lists the log of the table at {@code tablePath}. The checkpoint is the one {@code
   * _last_checkpoint} names: it is written after the checkpoint is complete, while a newer
   * checkpoint file may still be being written.
   */
  static LogListing from(Engine engine, String tablePath) throws IOException {
    String logDir = tablePath + "/_delta_log/";
    long checkpoint = lastCheckpointVersion(engine, logDir);
    TreeMap<Long, FileStatus> commits = new TreeMap<>();
    Map<Integer, FileStatus> parts = new TreeMap<>();
    int partCount = 0;
    String v2 = null;
    try (CloseableIterator<FileStatus> files = engine.getFileSystemClient()
        .listFrom(logDir + String.format("%020d", Math.max(checkpoint, 0)))) {
      while (files.hasNext()) {
        FileStatus file = files.next();
        String name = name(file);
        Matcher m;
        if ((m = COMMIT.matcher(name)).matches()) {
          commits.put(Long.parseLong(m.group(1)), file);
        } else if ((m = CHECKPOINT.matcher(name)).matches()
            && Long.parseLong(m.group(1)) == checkpoint) {
          parts.put(m.group(2) == null ? 1 : Integer.parseInt(m.group(2)), file);
          partCount = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        } else if ((m = V2_CHECKPOINT.matcher(name)).matches()
            && Long.parseLong(m.group(1)) == checkpoint) {
          v2 = name;
        }
      }
    }
    if (v2 != null) {
      return unreadable("its checkpoint " + v2 + " is a V2 checkpoint, whose tombstones are in "
          + "sidecar files this clean-up does not read");
    }
    if (checkpoint >= 0 && (parts.isEmpty() || parts.size() != partCount)) {
      return unreadable("_last_checkpoint names version " + checkpoint
          + ", whose checkpoint is missing or incomplete");
    }
    if (checkpoint < 0 && !commits.containsKey(0L)) {
      return unreadable("its log has neither a checkpoint nor its first commit");
    }
    return new LogListing(new ArrayList<>(parts.values()),
        new ArrayList<>(commits.tailMap(checkpoint, false).values()), Optional.empty());
  }

  private static LogListing unreadable(String why) {
    return new LogListing(List.of(), List.of(), Optional.of(why));
  }

  /** The version {@code _last_checkpoint} names, or -1 if there is none or it is unreadable. */
  private static long lastCheckpointVersion(Engine engine, String logDir) throws IOException {
    FileStatus last = null;
    try (CloseableIterator<FileStatus> files =
        engine.getFileSystemClient().listFrom(logDir + "_last_checkpoint")) {
      if (files.hasNext()) {
        FileStatus file = files.next();
        if (name(file).equals("_last_checkpoint")) {
          last = file;
        }
      }
    }
    if (last == null) {
      return -1;
    }
    try (CloseableIterator<ColumnarBatch> batches = engine.getJsonHandler().readJsonFiles(
        KernelIterators.closeable(List.of(last).iterator()), LAST_CHECKPOINT, Optional.empty())) {
      if (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        if (batch.getSize() > 0 && !batch.getColumnVector(0).isNullAt(0)) {
          return batch.getColumnVector(0).getLong(0);
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return -1;
    }
    return -1;
  }

  /** The file's name; log file names hold nothing a URI or a Hadoop path would escape. */
  private static String name(FileStatus file) {
    String path = file.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
