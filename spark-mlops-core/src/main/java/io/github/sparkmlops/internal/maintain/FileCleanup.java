package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.github.sparkmlops.internal.store.KernelIterators;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the data files of a table that no retained version needs, as Delta's {@code VACUUM} does.
 *
 * <p>A data file is kept when the snapshot holds it, when a tombstone says it was removed less than
 * the retention ago (versions within the retention still read it), or when it was modified less
 * than the retention ago (a writer may be about to commit it). The tombstones are read from the
 * newest checkpoint and the commits after it (read after the snapshot, so they cover it): Kernel
 * writes every tombstone younger than the table's {@code delta.deletedFileRetentionDuration} into
 * a checkpoint, and maintenance keeps that property equal to the retention. Files and folders whose names start
 * with {@code _} or {@code .} are never touched, nor is anything outside the table's folder.
 */
final class FileCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(FileCleanup.class);
  private static final StructType TOMBSTONE_SCHEMA = new StructType().add("remove",
      new StructType().add("path", StringType.STRING).add("deletionTimestamp", LongType.LONG));
  private final Engine engine;
  private final String path;
  private final Configuration hadoopConf;

  /** What the clean-up did, or why it did nothing. */
  record Outcome(long filesDeleted, long bytesDeleted, String skipped) {}

  FileCleanup(Engine engine, String path, Configuration hadoopConf) {
    this.engine = engine;
    this.path = path;
    this.hadoopConf = hadoopConf;
  }

  /** Deletes what no version of {@code snapshot}'s table within {@code retentionMillis} needs. */
  Outcome run(Snapshot snapshot, long retentionMillis) throws IOException {
    long cutoff = System.currentTimeMillis() - retentionMillis;
    Path table = new Path(path);
    URI tableRoot = URI.create(table.toUri() + "/");
    Set<String> keep = new HashSet<>();
    Optional<String> unreadable = readTombstones(tableRoot, cutoff, keep);
    if (unreadable.isPresent()) {
      return new Outcome(0, 0, unreadable.get());
    }
    readLiveFiles(snapshot, tableRoot, keep);
    FileSystem fs = table.getFileSystem(hadoopConf);
    long files = 0;
    long bytes = 0;
    List<FileStatus> doomed = new ArrayList<>();
    collectDoomed(fs, table, cutoff, keep, doomed);
    for (FileStatus file : doomed) {
      try {
        if (fs.delete(file.getPath(), false)) {
          files++;
          bytes += file.getLen();
        }
      } catch (FileNotFoundException gone) {
        // another clean-up deleted it first
      }
    }
    if (files > 0) {
      LOG.info("Deleted {} files ({} bytes) of {} that no version within the retention needs",
          files, bytes, path);
    }
    return new Outcome(files, bytes, null);
  }

  /**
   * Walks the table's folders, skipping every name that starts with {@code _} or {@code .} (the
   * log, checksums, temporary files), and collects the files older than {@code cutoff} that are
   * not kept. {@code listStatus} rather than a recursive {@code listFiles}: on the local
   * filesystem, the latter asks a shell for every file's permissions.
   */
  private static void collectDoomed(FileSystem fs, Path dir, long cutoff, Set<String> keep,
      List<FileStatus> doomed) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException gone) {
      return;
    }
    for (FileStatus entry : entries) {
      String name = entry.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (entry.isDirectory()) {
        collectDoomed(fs, entry.getPath(), cutoff, keep, doomed);
      } else if (entry.getModificationTime() < cutoff
          && !keep.contains(entry.getPath().toUri().getPath())) {
        doomed.add(entry);
      }
    }
  }

  private void readLiveFiles(Snapshot snapshot, URI tableRoot, Set<String> keep) throws IOException {
    KernelIterators.forEachScanFile(engine, snapshot.getScanBuilder().build(), scanFile -> {
      Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
      keep.add(absolutePath(tableRoot, add.getString(add.getSchema().indexOf("path"))));
    });
  }

  /**
   * Adds the files removed at or after {@code cutoff} to {@code keep}: the tombstones of the
   * newest checkpoint and of every commit after it. Returns why that is impossible, if it is.
   */
  private Optional<String> readTombstones(URI tableRoot, long cutoff, Set<String> keep)
      throws IOException {
    LogListing log = LogListing.from(engine, path);
    if (log.unreadableCheckpoint().isPresent()) {
      return log.unreadableCheckpoint();
    }
    if (!log.checkpointParts().isEmpty()) {
      try (CloseableIterator<FileReadResult> results = engine.getParquetHandler().readParquetFiles(
          KernelIterators.closeable(log.checkpointParts().iterator()), TOMBSTONE_SCHEMA,
          Optional.empty())) {
        while (results.hasNext()) {
          keepRemoved(results.next().getData(), tableRoot, cutoff, keep);
        }
      }
    }
    if (!log.commitsAfterCheckpoint().isEmpty()) {
      try (CloseableIterator<ColumnarBatch> batches = engine.getJsonHandler().readJsonFiles(
          KernelIterators.closeable(log.commitsAfterCheckpoint().iterator()), TOMBSTONE_SCHEMA,
          Optional.empty())) {
        while (batches.hasNext()) {
          keepRemoved(batches.next(), tableRoot, cutoff, keep);
        }
      }
    }
    return Optional.empty();
  }

  private static void keepRemoved(ColumnarBatch batch, URI tableRoot, long cutoff, Set<String> keep) {
    ColumnVector remove = batch.getColumnVector(0);
    ColumnVector removePath = remove.getChild(0);
    ColumnVector deletedAt = remove.getChild(1);
    for (int i = 0; i < batch.getSize(); i++) {
      if (!remove.isNullAt(i) && !removePath.isNullAt(i)
          && (deletedAt.isNullAt(i) || deletedAt.getLong(i) >= cutoff)) {
        keep.add(absolutePath(tableRoot, removePath.getString(i)));
      }
    }
  }

  /** A path as the log records it (relative to the table, URI-escaped) as a plain absolute path. */
  private static String absolutePath(URI tableRoot, String logged) {
    try {
      URI uri = new URI(logged);
      return (uri.isAbsolute() ? uri : tableRoot.resolve(uri)).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("The log of " + tableRoot + " holds the path '" + logged
          + "', which is not a URI", e);
    }
  }
}
