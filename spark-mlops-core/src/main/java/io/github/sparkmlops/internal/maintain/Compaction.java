package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.github.sparkmlops.internal.store.DataFiles;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.KernelIterators;
import io.github.sparkmlops.internal.store.StoreSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the small files of a table's date partitions into files of the target size.
 *
 * <p>Each partition is one commit that removes the small files and adds the new ones, all marked
 * {@code dataChange=false}, so streaming readers skip it. Appenders never remove files, so they
 * cannot conflict with a compaction; another compaction (or a delete through delta-spark) can.
 * Kernel 4.3's conflict check does not compare files, so this class does: it commits only on top
 * of a snapshot that still holds every file it replaces, and on a lost race it reloads and checks
 * again, or gives the partition up. A row is thereby never lost nor duplicated. A commit that
 * made the table use a feature maintenance does not know ({@link KnownFeatures}, e.g. deletion
 * vectors) makes it give the partition up too.
 */
final class Compaction {

  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);
  /** Attempts of one partition's commit against appenders that keep winning the next version. */
  static final int MAX_ATTEMPTS = 50;

  private final Engine engine;
  private final String path;
  private final MaintenanceSettings settings;
  /** The table after this compaction's last commit, when Kernel offers it. */
  private Optional<Snapshot> afterLastCommit = Optional.empty();

  /** What compaction did to one table. */
  record Outcome(int partitions, long filesRemoved, long filesAdded, long bytesRead,
      long bytesWritten, int gaveUp, long lastVersion) {

    static final Outcome NONE = new Outcome(0, 0, 0, 0, 0, 0, -1);
    static final Outcome GAVE_UP = new Outcome(0, 0, 0, 0, 0, 1, -1);

    Outcome plus(Outcome o) {
      return new Outcome(partitions + o.partitions, filesRemoved + o.filesRemoved,
          filesAdded + o.filesAdded, bytesRead + o.bytesRead, bytesWritten + o.bytesWritten,
          gaveUp + o.gaveUp, Math.max(lastVersion, o.lastVersion));
    }
  }

  Compaction(Engine engine, String path, MaintenanceSettings settings) {
    this.engine = engine;
    this.path = path;
    this.settings = settings;
  }

  /** Compacts every date partition of {@code snapshot} that has enough small files. */
  Outcome run(Snapshot snapshot) throws IOException {
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    Outcome total = Outcome.NONE;
    Snapshot base = snapshot;
    for (Map.Entry<String, List<Row>> partition : smallFilesByDate(scan).entrySet()) {
      if (partition.getValue().size() >= settings.minFiles()) {
        if (base == null) {
          base = TableManager.loadSnapshot(path).build(engine);
        }
        afterLastCommit = Optional.empty();
        total = total.plus(compact(base, snapshot.getVersion(), scanState, partition.getKey(),
            partition.getValue()));
        // Kernel updates the file-size histogram of a transaction's read snapshot in place (and
        // the checksum it writes from it), so a snapshot serves one transaction: the next
        // partition's commit goes on top of this one's, or on the table loaded again.
        base = afterLastCommit.orElse(null);
      }
    }
    return total;
  }

  private Map<String, List<Row>> smallFilesByDate(Scan scan) throws IOException {
    Map<String, List<Row>> byDate = new TreeMap<>();
    KernelIterators.forEachScanFile(engine, scan, scanFile -> {
      if (InternalScanFileUtils.getAddFileStatus(scanFile).getSize() < settings.targetFileSize()) {
        String date = InternalScanFileUtils.getPartitionValues(scanFile).get(StoreSchema.DATE);
        byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(scanFile);
      }
    });
    return byDate;
  }

  /**
   * Compacts {@code files}, read from the table's version {@code scanned}, committing on top of
   * {@code snapshot}; a later snapshot must still hold every one of them, or the partition is
   * given up (another compaction replaced them), for a commit on top of it would add their rows
   * again.
   */
  private Outcome compact(Snapshot snapshot, long scanned, Row scanState, String date,
      List<Row> files) throws IOException {
    Map<String, Literal> partition =
        Map.of(StoreSchema.DATE, Literal.ofDate((int) LocalDate.parse(date).toEpochDay()));
    long bytesRead = 0;
    Set<String> replaced = new HashSet<>();
    List<Row> removes = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (Row scanFile : files) {
      AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
      bytesRead += add.getSize();
      replaced.add(add.getPath());
      removes.add(SingleAction.createRemoveFileSingleAction(
          add.toRemoveFileRow(false, Optional.of(now))));
    }
    if (snapshot.getVersion() != scanned && !stillLive(snapshot, replaced)) {
      LOG.info("Gave up compacting {} date={}: another commit replaced some of its files", path,
          date);
      return Outcome.GAVE_UP;
    }
    Transaction txn = transaction(snapshot);
    List<Row> adds = DataFiles.write(engine, txn.getTransactionState(engine), partition,
        readAll(scanState, files), false);
    long bytesWritten = 0;
    for (Row action : adds) {
      bytesWritten += new AddFile(action.getStruct(SingleAction.ADD_FILE_ORDINAL)).getSize();
    }
    List<Row> actions = new ArrayList<>(removes);
    actions.addAll(adds);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        TransactionCommitResult result = txn.commit(engine,
            CloseableIterable.inMemoryIterable(KernelIterators.closeable(actions.iterator())));
        afterLastCommit = result.getPostCommitSnapshot();
        DeltaTableWriter.runHooks(engine, path, result);
        LOG.info("Compacted {} files ({} bytes) of {} date={} into {} ({} bytes) at version {}",
            files.size(), bytesRead, path, date, adds.size(), bytesWritten, result.getVersion());
        return new Outcome(1, files.size(), adds.size(), bytesRead, bytesWritten, 0,
            result.getVersion());
      } catch (MaxCommitRetryLimitReachedException | ConcurrentWriteException lost) {
        Snapshot latest = TableManager.loadSnapshot(path).build(engine);
        Set<String> unknown = KnownFeatures.unknown(latest.getProtocol());
        if (!unknown.isEmpty()) {
          LOG.warn("Gave up compacting {} date={}: a concurrent commit made the table use the "
              + "Delta table features {}, which maintenance does not know", path, date, unknown);
          return Outcome.GAVE_UP;
        }
        if (!stillLive(latest, replaced)) {
          LOG.info("Gave up compacting {} date={}: another commit replaced some of its files; "
              + "the files written for it are left to the clean-up", path, date);
          return Outcome.GAVE_UP;
        }
        txn = transaction(latest);
      }
    }
    LOG.warn("Gave up compacting {} date={} after {} lost commit races", path, date, MAX_ATTEMPTS);
    return Outcome.GAVE_UP;
  }

  /** No Kernel retries: after a lost race this class decides whether the commit still holds. */
  private Transaction transaction(Snapshot snapshot) {
    return snapshot.buildUpdateTableTransaction(DeltaTableWriter.ENGINE_INFO, Operation.MANUAL_UPDATE)
        .withMaxRetries(0)
        .build(engine);
  }

  private boolean stillLive(Snapshot latest, Set<String> replaced) throws IOException {
    Set<String> missing = new HashSet<>(replaced);
    KernelIterators.forEachScanFile(engine, latest.getScanBuilder().build(), scanFile ->
        missing.remove(new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL))
            .getPath()));
    return missing.isEmpty();
  }

  /** The rows of {@code files}, file after file, in the table's logical schema, read lazily. */
  private CloseableIterator<FilteredColumnarBatch> readAll(Row scanState, List<Row> files) {
    return KernelIterators.closeable(files.iterator()).flatMap(scanFile -> {
      try {
        return KernelIterators.readScanFile(engine, scanState, scanFile);
      } catch (IOException e) {
        throw new UncheckedIOException("Reading " + InternalScanFileUtils.getAddFileStatus(scanFile)
            .getPath() + " to compact it failed", e);
      }
    });
  }
}
