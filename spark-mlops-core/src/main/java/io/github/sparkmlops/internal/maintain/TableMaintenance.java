package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.exceptions.UnsupportedProtocolVersionException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StoreFormat;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains one store table: applies the retention and checkpoint settings as table properties,
 * compacts small files, checkpoints its last compaction commit, then deletes what no retained
 * version needs. A table that uses a Delta table feature maintenance does not know (see {@link
 * KnownFeatures}) is left alone, with a warning.
 *
 * <p>The writer of every {@code delta.checkpointInterval}-th commit writes a checkpoint, and with
 * it Kernel drops expired tombstones and removes the commits older than {@code
 * delta.logRetentionDuration}. Maintenance also checkpoints the last version it committed, so
 * readers need not replay the tombstones of the files it replaced commit by commit. Only the
 * committer of a version checkpoints it, so two processes never race to write one checkpoint file.
 */
final class TableMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  private final Engine engine;
  private final String name;
  private final String path;
  private final MaintenanceSettings settings;
  private final Configuration hadoopConf;

  TableMaintenance(Engine engine, String name, String path, MaintenanceSettings settings,
      Configuration hadoopConf) {
    this.engine = engine;
    this.name = name;
    this.path = path;
    this.settings = settings;
    this.hadoopConf = hadoopConf;
  }

  MaintenanceReport.Table run() throws IOException {
    Snapshot snapshot;
    try {
      snapshot = TableManager.loadSnapshot(path).build(engine);
    } catch (TableNotFoundException e) {
      return skipped(-1, "there is no Delta table at " + path + " yet");
    } catch (UnsupportedTableFeatureException e) {
      return skipped(-1, leftAlone(new TreeSet<>(e.getUnsupportedFeatures())));
    } catch (UnsupportedProtocolVersionException e) {
      return skipped(-1, leftAlone(e.getMessage()));
    }
    Optional<String> unknown = unknownFeatures(snapshot);
    if (unknown.isPresent()) {
      return skipped(snapshot.getVersion(), unknown.get());
    }
    StoreFormat.requireWritable(engine, path, snapshot.getTableProperties());
    boolean applied = applySettings(snapshot);
    if (applied) {
      snapshot = TableManager.loadSnapshot(path).build(engine);
    }
    Compaction.Outcome compacted = new Compaction(engine, path, settings).run(snapshot);
    if (compacted.lastVersion() >= 0) {
      checkpoint(compacted.lastVersion());
    }
    Snapshot latest = TableManager.loadSnapshot(path).build(engine);
    // another writer may have changed the protocol since; files it writes from now on are younger
    // than the retention, so this last look is enough
    Optional<String> skipped = unknownFeatures(latest);
    FileCleanup.Outcome cleaned = skipped.isPresent() ? new FileCleanup.Outcome(0, 0, null)
        : new FileCleanup(engine, path, hadoopConf).run(latest, settings.fileRetention().toMillis());
    if (cleaned.skipped() != null) {
      skipped = Optional.of("clean-up: " + cleaned.skipped());
    }
    return new MaintenanceReport.Table(name, compacted.partitions(), compacted.filesRemoved(),
        compacted.filesAdded(), compacted.bytesRead(), compacted.bytesWritten(),
        compacted.gaveUp(), applied, latest.getVersion(), cleaned.filesDeleted(),
        cleaned.bytesDeleted(), skipped.orElse(null));
  }

  /** Why maintenance leaves the table at {@code snapshot} alone, if it uses unknown features. */
  private Optional<String> unknownFeatures(Snapshot snapshot) {
    SortedSet<String> unknown = KnownFeatures.unknown(snapshot.getProtocol());
    return unknown.isEmpty() ? Optional.empty() : Optional.of(leftAlone(unknown));
  }

  private String leftAlone(SortedSet<String> features) {
    return leftAlone("it uses the Delta table features " + features
        + ", which maintenance does not know");
  }

  /** Logs, and says, that the table is left alone, and why. */
  private String leftAlone(String why) {
    String message = "left " + path + " alone: " + why + " (compacting it or deleting its "
        + "files could break it for every reader)";
    LOG.warn("Maintenance {}", message);
    return message;
  }

  private MaintenanceReport.Table skipped(long version, String why) {
    return new MaintenanceReport.Table(name, 0, 0, 0, 0, 0, 0, false, version, 0, 0, why);
  }

  /** Writes the checkpoint of {@code version}, which this process committed, unless it exists. */
  private void checkpoint(long version) throws IOException {
    String name = String.format("%020d.checkpoint.parquet", version);
    try (CloseableIterator<FileStatus> files =
        engine.getFileSystemClient().listFrom(path + "/_delta_log/" + name)) {
      if (files.hasNext() && files.next().getPath().endsWith("/" + name)) {
        return;
      }
    }
    try {
      TableManager.loadSnapshot(path).atVersion(version).build(engine).writeCheckpoint(engine);
    } catch (CheckpointAlreadyExistsException e) {
      // the commit's own post-commit hook wrote it
    }
  }

  /** Sets the table properties the settings need, if the table holds others; true if it did. */
  private boolean applySettings(Snapshot snapshot) {
    Map<String, String> changed = settings.changedProperties(snapshot.getTableProperties());
    if (changed.isEmpty()) {
      return false;
    }
    snapshot.buildUpdateTableTransaction(DeltaTableWriter.ENGINE_INFO, Operation.MANUAL_UPDATE)
        .withTablePropertiesAdded(changed)
        .build(engine)
        .commit(engine, CloseableIterable.emptyIterable());
    LOG.info("Set {} on {}", changed, path);
    return true;
  }
}
