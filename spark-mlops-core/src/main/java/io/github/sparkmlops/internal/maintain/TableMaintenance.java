package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.utils.CloseableIterable;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StoreFormat;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains one store table: applies the retention and checkpoint settings as table properties,
 * compacts small files, then deletes what no retained version needs.
 *
 * <p>Checkpoints are not written here: the writer of every {@code delta.checkpointInterval}-th
 * commit writes one (compaction commits included), and with it Kernel removes the commits older
 * than {@code delta.logRetentionDuration}. Only the committer of a version checkpoints it, so two
 * processes never write the same checkpoint file; on a local filesystem Kernel would replace the
 * first with the second, and Hadoop's checksum of it would no longer match.
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
      return new MaintenanceReport.Table(name, 0, 0, 0, 0, 0, 0, false, -1, 0, 0,
          "there is no Delta table at " + path + " yet");
    }
    StoreFormat.requireWritable(path, snapshot.getTableProperties());
    boolean applied = applySettings(snapshot);
    if (applied) {
      snapshot = TableManager.loadSnapshot(path).build(engine);
    }
    Compaction.Outcome compacted = new Compaction(engine, path, settings).run(snapshot);
    Snapshot latest = TableManager.loadSnapshot(path).build(engine);
    FileCleanup.Outcome cleaned = new FileCleanup(engine, path, hadoopConf)
        .run(latest, settings.fileRetention().toMillis());
    return new MaintenanceReport.Table(name, compacted.partitions(), compacted.filesRemoved(),
        compacted.filesAdded(), compacted.bytesRead(), compacted.bytesWritten(),
        compacted.gaveUp(), applied, latest.getVersion(), cleaned.filesDeleted(),
        cleaned.bytesDeleted(), cleaned.skipped() == null ? null : "clean-up: " + cleaned.skipped());
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
