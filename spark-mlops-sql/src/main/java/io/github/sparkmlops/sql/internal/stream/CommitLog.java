package io.github.sparkmlops.sql.internal.stream;

import io.delta.kernel.CommitActions;
import io.delta.kernel.CommitRange;
import io.delta.kernel.CommitRangeBuilder.CommitBoundary;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.StartVersionNotFoundException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.utils.CloseableIterator;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Reads a store table's Delta log on the driver with Kernel: the latest version and table id, and
 * the data files each commit of a range adds.
 */
final class CommitLog {

  /** A loaded version of the table. */
  record Head(String tableId, long version, Snapshot snapshot) {}

  private static final Set<DeltaAction> ACTIONS =
      Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA);

  private final Engine engine;
  private final String tablePath;
  private String qualifiedRoot;

  CommitLog(Engine engine, String tablePath) {
    this.engine = engine;
    this.tablePath = tablePath;
  }

  String tablePath() {
    return tablePath;
  }

  /** The latest version, or empty while the table does not exist. */
  Optional<Head> head() {
    Snapshot snapshot;
    try {
      snapshot = TableManager.loadSnapshot(tablePath).build(engine);
    } catch (TableNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(new Head(tableId(snapshot), snapshot.getVersion(), snapshot));
  }

  /**
   * The first version committed at or after {@code time} (Delta's {@code startingTimestamp}); a
   * time after the latest commit is an error, as in Delta.
   */
  long firstVersionAtOrAfter(Instant time, Head head) {
    try {
      return TableManager.loadCommitRange(tablePath,
              CommitBoundary.atTimestamp(time.toEpochMilli(), head.snapshot()))
          .build(engine).getStartVersion();
    } catch (KernelException e) {
      throw new IllegalArgumentException("Option 'startingTimestamp' (" + time + ") names no "
          + "version of " + tablePath + ": " + e.getMessage(), e);
    }
  }

  /**
   * The commits {@code from} to {@code to}, both included and existing.
   *
   * @throws IllegalStateException when {@code from} is no longer in the log (log retention removed
   *     it while the query was stopped or behind)
   */
  // Kernel's CommitActions.close() declares Exception; it only closes its iterator
  @SuppressWarnings("try")
  List<CommitFiles> commits(long from, long to) {
    CommitRange range;
    try {
      range = TableManager.loadCommitRange(tablePath, CommitBoundary.atVersion(from))
          .withEndBoundary(CommitBoundary.atVersion(to)).build(engine);
    } catch (StartVersionNotFoundException e) {
      throw new IllegalStateException("The stream over " + tablePath + " must read version " + from
          + " next, but the log no longer holds it (earliest: "
          + e.getEarliestAvailableVersion().map(String::valueOf).orElse("unknown") + "); the log "
          + "retention removed it. Restart the query with a new checkpoint location.", e);
    }
    List<CommitFiles> commits = new ArrayList<>();
    try (CloseableIterator<CommitActions> it = range.getCommitActions(engine, ACTIONS)) {
      while (it.hasNext()) {
        try (CommitActions commit = it.next()) {
          commits.add(read(commit));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the log of " + tablePath + " failed", e);
    } catch (Exception e) {
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Reading the log of " + tablePath + " failed", e);
    }
    return commits;
  }

  private CommitFiles read(CommitActions commit) throws IOException {
    List<DataFile> files = new ArrayList<>();
    boolean removesData = false;
    Optional<String> tableId = Optional.empty();
    try (CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        int addAt = batch.getSchema().indexOf(DeltaAction.ADD.colName);
        int removeAt = batch.getSchema().indexOf(DeltaAction.REMOVE.colName);
        int metadataAt = batch.getSchema().indexOf(DeltaAction.METADATA.colName);
        try (CloseableIterator<Row> rows = batch.getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            if (!row.isNullAt(addAt)) {
              Row add = row.getStruct(addAt);
              if (add.getBoolean(add.getSchema().indexOf("dataChange"))) {
                files.add(dataFile(add, commit.getVersion()));
              }
            }
            if (!row.isNullAt(removeAt)) {
              Row remove = row.getStruct(removeAt);
              removesData |= remove.getBoolean(remove.getSchema().indexOf("dataChange"));
            }
            if (!row.isNullAt(metadataAt)) {
              Row metadata = row.getStruct(metadataAt);
              tableId = Optional.of(metadata.getString(metadata.getSchema().indexOf("id")));
            }
          }
        }
      }
    }
    return new CommitFiles(commit.getVersion(), files, removesData, tableId);
  }

  private DataFile dataFile(Row add, long version) throws IOException {
    int dv = add.getSchema().indexOf("deletionVector");
    if (dv >= 0 && !add.isNullAt(dv)) {
      throw new UnsupportedOperationException("Version " + version + " of " + tablePath + " adds "
          + "a file with a deletion vector, which the mlops source does not read yet; read the "
          + "table with format(\"delta\")");
    }
    String relative = add.getString(add.getSchema().indexOf("path"));
    // the root is a Hadoop path string (a space stays a space); the log's path is a URI
    String path = new Path(new Path(qualifiedRoot()), new Path(URI.create(relative))).toString();
    String date = partitionValue(add.getMap(add.getSchema().indexOf("partitionValues")), StoreSchema.DATE);
    return new DataFile(path, add.getLong(add.getSchema().indexOf("size")),
        add.getLong(add.getSchema().indexOf("modificationTime")),
        date == null ? null : (int) LocalDate.parse(date).toEpochDay());
  }

  private String qualifiedRoot() throws IOException {
    if (qualifiedRoot == null) {
      qualifiedRoot = engine.getFileSystemClient().resolvePath(tablePath);
    }
    return qualifiedRoot;
  }

  private static String partitionValue(MapValue values, String key) {
    ColumnVector keys = values.getKeys();
    for (int i = 0; i < values.getSize(); i++) {
      if (key.equals(keys.getString(i))) {
        return values.getValues().isNullAt(i) ? null : values.getValues().getString(i);
      }
    }
    return null;
  }

  private static String tableId(Snapshot snapshot) {
    // The id is not on Kernel's public Snapshot; the planner already leans on Kernel internals.
    return ((SnapshotImpl) snapshot).getMetadata().getId();
  }
}
