package io.github.sparkmlops.internal.store;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.CommitInfo;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.FileNames;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an existing table up to a {@link TableSpec} before a write: refuses a table it cannot
 * write (newer format, different partitioning, a column of another type) without touching it, and
 * adds the spec's columns the table lacks, nullable and at the end, in one metadata-only commit.
 *
 * <p>Kernel 4.3.1 allows schema changes ({@code UpdateTableTransactionBuilder.withUpdatedSchema})
 * only on column-mapping tables, and cannot write data into column-mapping tables. Adding a
 * nullable column without column mapping is legal Delta (delta-spark's {@code mergeSchema} and
 * {@code ADD COLUMNS} do it): a commit of a {@code metaData} action with the wider schema. This
 * class writes that commit with Kernel's own action classes and the engine's atomic
 * put-if-absent commit write, exactly as Kernel's committer writes its commits.
 */
final class TableUpgrade {

  /** A concurrent writer may take the next version; then re-read and try again. */
  private static final int MAX_ATTEMPTS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(TableUpgrade.class);

  private TableUpgrade() {}

  /**
   * The snapshot to write to: {@code snapshot} itself when the table already has every column of
   * the spec, else the snapshot after the commit that added them.
   *
   * @throws IllegalStateException if this code must not write the table; nothing was written
   */
  static Snapshot upgrade(Engine engine, String path, TableSpec<?> spec, Snapshot snapshot)
      throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<StructField> missing = missingColumns(engine, path, spec, snapshot);
      if (missing.isEmpty()) {
        return snapshot;
      }
      try {
        addColumns(engine, snapshot, missing);
        LOG.info("Added the columns {} to the {} table at {}", names(missing), spec.name(), path);
      } catch (FileAlreadyExistsException lostRace) {
        // Another writer committed this version first (maybe the same upgrade): look again.
      }
      snapshot = TableManager.loadSnapshot(path).build(engine);
    }
    throw new IllegalStateException("Could not add " + spec.name() + " columns to " + path
        + ": other writers kept committing first " + MAX_ATTEMPTS + " times");
  }

  private static List<StructField> missingColumns(Engine engine, String path, TableSpec<?> spec,
      Snapshot snapshot) {
    StoreFormat.requireWritable(engine, path, snapshot.getTableProperties());
    if (!snapshot.getPartitionColumnNames().equals(spec.partitionColumns())) {
      throw refusal(path, "is partitioned by " + snapshot.getPartitionColumnNames()
          + ", not by " + spec.partitionColumns());
    }
    StructType table = snapshot.getSchema();
    for (StructField column : table.fields()) {
      int ordinal = spec.ordinal(column.getName());
      if (ordinal < 0 && !column.isNullable()) {
        throw refusal(path, "has a NOT NULL column '" + column.getName()
            + "' this version of spark-mlops does not know, so cannot fill");
      }
      if (ordinal >= 0) {
        StructField ours = spec.schema().at(ordinal);
        if (!ours.getDataType().equals(column.getDataType())) {
          throw refusal(path, "has column '" + column.getName() + "' of type "
              + column.getDataType() + ", where this version of spark-mlops writes "
              + ours.getDataType());
        }
      }
    }
    List<StructField> missing = new ArrayList<>();
    for (StructField column : spec.schema().fields()) {
      if (table.indexOf(column.getName()) < 0) {
        missing.add(new StructField(column.getName(), column.getDataType(), true));
      }
    }
    return missing;
  }

  private static void addColumns(Engine engine, Snapshot snapshot, List<StructField> missing)
      throws IOException {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    Metadata current = impl.getMetadata();
    String mapping = current.getConfiguration().getOrDefault("delta.columnMapping.mode", "none");
    if (!mapping.equals("none")) {
      // Kernel cannot write data into such a table anyway (its Parquet path lacks column mapping).
      throw refusal(snapshot.getPath(), "uses column mapping (" + mapping + ")");
    }
    StructType schema = snapshot.getSchema();
    for (StructField column : missing) {
      schema = schema.add(column);
    }
    Metadata upgraded = current.withNewSchema(schema)
        .withMergedConfiguration(StoreFormat.tableProperties());
    long now = System.currentTimeMillis();
    // With in-commit timestamps on, every commit must carry one, later than the previous one's.
    Optional<Long> inCommitTimestamp =
        Boolean.parseBoolean(current.getConfiguration().get("delta.enableInCommitTimestamps"))
            ? Optional.of(Math.max(now, snapshot.getTimestamp(engine) + 1))
            : Optional.empty();
    CommitInfo commitInfo = new CommitInfo(inCommitTimestamp, now,
        Optional.of(DeltaTableWriter.ENGINE_INFO), Optional.of("ADD COLUMNS"),
        Map.of("columns", "[" + names(missing).stream().map(n -> "\"" + n + "\"")
            .collect(Collectors.joining(",")) + "]"),
        Optional.of(false), Optional.of(UUID.randomUUID().toString()), Map.of());
    List<Row> actions = List.of(
        SingleAction.createCommitInfoSingleAction(commitInfo.toRow()),
        SingleAction.createMetadataSingleAction(upgraded.toRow()));
    engine.getJsonHandler().writeJsonFileAtomically(
        FileNames.deltaFile(impl.getLogPath(), snapshot.getVersion() + 1),
        KernelIterators.closeable(actions.iterator()), false);
  }

  private static List<String> names(List<StructField> columns) {
    return columns.stream().map(StructField::getName).toList();
  }

  private static IllegalStateException refusal(String path, String reason) {
    return new IllegalStateException("The table at " + path + " " + reason
        + "; it was left untouched");
  }
}
