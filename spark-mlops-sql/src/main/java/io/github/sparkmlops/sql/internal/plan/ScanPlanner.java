package io.github.sparkmlops.sql.internal.plan;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.SnapshotBuilder;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.KernelIterators;
import io.github.sparkmlops.internal.store.MissingTable;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Plans reads of one store table with Delta Kernel, on the driver: resolves the snapshot, hands
 * Kernel the filter for partition pruning and file skipping, and lists the surviving data files.
 *
 * <p>Planning stops at {@link DataFile}s on purpose: {@link FilePartition#pack} turns files into
 * input partitions whoever produced them, so the micro-batch stream (package {@code
 * sql.internal.stream}) plans its starting snapshot here, lists the files later commits add from
 * a Kernel {@code CommitRange} itself, and reuses everything after that.
 */
public final class ScanPlanner {

  private final Engine engine;
  private final Configuration hadoopConf;
  private final StoreTable table;
  private final String tablePath;

  /** A planner for {@code table} under {@code store}, reading through {@code hadoopConf}. */
  public ScanPlanner(Configuration hadoopConf, StoreLayout store, StoreTable table) {
    this.engine = Store.engine(hadoopConf);
    this.hadoopConf = hadoopConf;
    this.table = table;
    this.tablePath = store.tablePath(table);
  }

  /**
   * Plans a read of one snapshot. A table that does not exist yet plans to nothing; a path that
   * exists but is not a store table is an {@link IllegalArgumentException}, and so is time travel
   * to a version whose data files the store's clean-up deleted.
   *
   * @param filter rows the read needs (files that cannot hold one are skipped), if any
   */
  public ScanPlan planSnapshot(SnapshotSpec spec, Optional<RowFilter> filter) {
    Optional<Snapshot> snapshot = load(spec);
    if (snapshot.isEmpty()) {
      return ScanPlan.empty();
    }
    ScanPlan plan = new ScanPlan(snapshot.get().getVersion(), files(snapshot.get(), filter));
    if (spec.version().isPresent() || spec.timestamp().isPresent()) {
      requireFilesKept(spec, plan, filter);
    }
    return plan;
  }

  /**
   * Plans a read of one version as a stream's starting snapshot, as {@link #planSnapshot} does
   * but leaving its files to the stream to check (it checks every file it reads).
   */
  public ScanPlan planVersion(long version, Optional<RowFilter> filter) {
    return load(new SnapshotSpec(Optional.of(version), Optional.empty()))
        .map(s -> new ScanPlan(s.getVersion(), files(s, filter))).orElse(ScanPlan.empty());
  }

  private Optional<Snapshot> load(SnapshotSpec spec) {
    try {
      return Optional.of(snapshot(spec));
    } catch (TableNotFoundException e) {
      MissingTable.requireNotYetCreated(hadoopConf, tablePath, e);
      return Optional.empty();
    }
  }

  private List<DataFile> files(Snapshot snapshot, Optional<RowFilter> filter) {
    ScanBuilder builder = snapshot.getScanBuilder();
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get().toKernel(table.schema()));
    }
    return files(builder.build());
  }

  /**
   * Time travel reaches back as far as the file retention: clean-up deletes the files that later
   * versions replaced once they are older than it, and an older version still names them. Such a
   * read fails here, naming the oldest version it can still read, not in every task.
   */
  private void requireFilesKept(SnapshotSpec spec, ScanPlan plan, Optional<RowFilter> filter) {
    KeptFiles kept = new KeptFiles(hadoopConf);
    Optional<DataFile> gone = kept.firstGone(plan.files(), Long.MAX_VALUE);
    if (gone.isEmpty()) {
      return;
    }
    String option = spec.version().isPresent()
        ? "versionAsOf' (" + spec.version().get() : "timestampAsOf' (" + spec.timestamp().get();
    Snapshot latest = TableManager.loadSnapshot(tablePath).build(engine);
    if (!readable(latest.getVersion(), filter, kept)) {
      throw new IllegalArgumentException("Option '" + option + ") names version "
          + plan.version() + " of " + tablePath + ", whose data file " + gone.get().path()
          + " is gone; the latest version " + latest.getVersion() + " misses files too, so they "
          + "were deleted by hand or by another tool, not by the store's clean-up (which deletes "
          + "only files that later versions replaced). The table needs repairing.");
    }
    // A version is readable once no file it names was cleaned up; clean-up deletes what later
    // versions replaced, so from some version on every version is readable (the latest one is).
    long low = plan.version() + 1;
    long high = latest.getVersion();
    while (low < high) {
      long middle = low + (high - low) / 2;
      if (readable(middle, filter, kept)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    Snapshot oldest = TableManager.loadSnapshot(tablePath).atVersion(low).build(engine);
    throw new IllegalArgumentException("Option '" + option + ") names version " + plan.version()
        + " of " + tablePath + ", but the store's clean-up deleted its data file "
        + gone.get().path() + ": maintenance deletes the files that later versions replaced once "
        + "they are older than "
        + MLOpsConfig.MAINTENANCE_FILE_RETENTION + " (this table keeps them for "
        + KeptFiles.retention(latest) + ", its " + KeptFiles.FILE_RETENTION_PROPERTY + "), so time "
        + "travel reaches back only that far. The oldest version still readable is " + low
        + " (committed at " + Instant.ofEpochMilli(oldest.getTimestamp(engine)) + "); read it or "
        + "a later one, or keep files longer by raising " + MLOpsConfig.MAINTENANCE_FILE_RETENTION
        + ".");
  }

  private boolean readable(long version, Optional<RowFilter> filter, KeptFiles kept) {
    Snapshot snapshot;
    try {
      snapshot = TableManager.loadSnapshot(tablePath).atVersion(version).build(engine);
    } catch (KernelException noLongerInTheLog) {
      return false;
    }
    return kept.firstGone(files(snapshot, filter), Long.MAX_VALUE).isEmpty();
  }

  private Snapshot snapshot(SnapshotSpec spec) {
    SnapshotBuilder builder = TableManager.loadSnapshot(tablePath);
    try {
      if (spec.version().isPresent()) {
        return builder.atVersion(spec.version().get()).build(engine);
      }
      if (spec.timestamp().isPresent()) {
        Snapshot latest = TableManager.loadSnapshot(tablePath).build(engine);
        return builder.atTimestamp(spec.timestamp().get().toEpochMilli(), latest).build(engine);
      }
      return builder.build(engine);
    } catch (TableNotFoundException e) {
      throw e;
    } catch (KernelException e) {
      if (spec.version().isEmpty() && spec.timestamp().isEmpty()) {
        throw e;
      }
      String option = spec.version().isPresent() ? "versionAsOf" : "timestampAsOf";
      throw new IllegalArgumentException("Option '" + option + "' names no version of " + tablePath
          + ": " + e.getMessage(), e);
    }
  }

  /** Kernel allows one listing of scan files per Kernel scan, so it is read here, once. */
  private List<DataFile> files(Scan scan) {
    List<DataFile> files = new ArrayList<>();
    try {
      KernelIterators.forEachScanFile(engine, scan, scanFile -> files.add(dataFile(scanFile)));
    } catch (IOException e) {
      throw new UncheckedIOException("Planning the read of " + tablePath + " failed", e);
    }
    return files;
  }

  private DataFile dataFile(Row scanFile) {
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    int dv = add.getSchema().indexOf("deletionVector");
    if (dv >= 0 && !add.isNullAt(dv)) {
      throw new UnsupportedOperationException("The table at " + tablePath + " has deletion vectors "
          + "(it was changed by DELETE, UPDATE or MERGE with deletion vectors on), which the "
          + "mlops source does not read yet; read it with format(\"delta\")");
    }
    FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
    String date = InternalScanFileUtils.getPartitionValues(scanFile).get(StoreSchema.DATE);
    return new DataFile(status.getPath(), status.getSize(), status.getModificationTime(),
        date == null ? null : (int) LocalDate.parse(date).toEpochDay());
  }
}
