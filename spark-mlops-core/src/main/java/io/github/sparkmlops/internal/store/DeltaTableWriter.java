package io.github.sparkmlops.internal.store;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends rows to one store table with Delta Kernel, from the driver, without a Spark job.
 *
 * <p>Each {@link #append} is one Delta commit carrying a transaction id {@code (appId, version)}:
 * replaying a commit that already landed writes nothing, so a flush can be retried after any
 * failure, even one that left its outcome unknown. Rows are written as one Snappy-compressed
 * Parquet file per date partition. A writer keeps no state between calls, so the flusher thread
 * and the model registry (on its callers' threads) may each call one at any time.
 *
 * <p>Rows come in the {@link TableSpec}'s column order and are written in the table's own: a
 * table that has more columns than the spec (written by a newer version) keeps them, null on this
 * writer's rows, and a table that lacks some of the spec's columns (written by an older version)
 * first gains them in place ({@link TableUpgrade}). A table of a newer {@link StoreFormat} is
 * refused, untouched. A writer creates its table when there is none, but never in place of a table
 * it has opened (see {@link SeenTables}).
 */
public final class DeltaTableWriter {

  /** Recorded in each commit's {@code engineInfo}. */
  public static final String ENGINE_INFO = "spark-mlops/0.1.0";

  /**
   * Kernel retries a commit this often, immediately, on a conflict or a retryable I/O error; the
   * flusher then retries with backoff. Kernel's default (200) spins on a store that stays down.
   */
  private static final int MAX_KERNEL_RETRIES = 20;

  private static final Logger LOG = LoggerFactory.getLogger(DeltaTableWriter.class);

  private final Engine engine;
  private final TableSpec<?> spec;
  private final String path;
  private final SeenTables seen;

  /** What an append did. */
  public enum Outcome {
    /** The rows were committed now. */
    COMMITTED,
    /** A commit with this transaction id had already landed; nothing was written. */
    ALREADY_COMMITTED
  }

  /** A writer of one of the store's tables. */
  public DeltaTableWriter(Engine engine, StoreLayout layout, StoreTable table) {
    this(engine, layout, table, new SeenTables());
  }

  /** A writer of one of the store's tables, which knows the tables {@code seen} holds. */
  public DeltaTableWriter(Engine engine, StoreLayout layout, StoreTable table, SeenTables seen) {
    this(engine, layout.tablePath(table), table.spec(), seen);
  }

  /** A writer of the table at {@code path}, as {@code spec} declares it. */
  public DeltaTableWriter(Engine engine, String path, TableSpec<?> spec) {
    this(engine, path, spec, new SeenTables());
  }

  private DeltaTableWriter(Engine engine, String path, TableSpec<?> spec, SeenTables seen) {
    this.engine = engine;
    this.spec = spec;
    this.path = path;
    this.seen = seen;
  }

  /**
   * Commits {@code rows} (encoded by the spec) as one Delta commit.
   *
   * @param appId the writer's transaction application id
   * @param txnVersion this commit's transaction version; strictly increasing per {@code appId}
   * @throws IllegalStateException if this code must not write the table (see {@link TableUpgrade})
   * @throws TableLostException if the table, once opened, is gone or was replaced; the caller
   *     retries with the same arguments, which land if the same table comes back
   * @throws RuntimeException whatever Kernel or the filesystem threw; the caller retries with the
   *     same arguments
   */
  public Outcome append(String appId, long txnVersion, List<Object[]> rows) throws IOException {
    return appendGroups(appId, new TreeMap<>(Map.of(txnVersion, rows)));
  }

  /**
   * Commits groups of rows, each under its own transaction version of {@code appId}, as one Delta
   * commit carrying the transaction id {@code (appId, last version)}. Groups whose version the
   * table already holds for {@code appId} (written before, maybe by another application) are left
   * out, so several micro-batches of a streaming query go in one commit and a batch replayed among
   * them is not written twice.
   *
   * @param groups the rows by transaction version; versions strictly increase per {@code appId}
   *     across calls
   * @return {@link Outcome#ALREADY_COMMITTED} if the table held every group already
   * @throws IllegalStateException if this code must not write the table (see {@link TableUpgrade})
   * @throws TableLostException if the table, once opened, is gone or was replaced
   * @throws RuntimeException whatever Kernel or the filesystem threw; the caller retries with the
   *     same arguments
   */
  public Outcome appendGroups(String appId, NavigableMap<Long, List<Object[]>> groups)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      Snapshot snapshot = TableUpgrade.upgrade(engine, path, spec, loadOrCreate());
      NavigableMap<Long, List<Object[]>> missing = groups;
      if (groups.size() > 1) {
        // Kernel checks only the commit's own version against the table's; an older group among
        // several may be there already
        long held = ((SnapshotImpl) snapshot).getLatestTransactionVersion(engine, appId).orElse(-1L);
        missing = groups.tailMap(held, false);
        if (missing.isEmpty()) {
          return Outcome.ALREADY_COMMITTED;
        }
      }
      List<Object[]> rows = new ArrayList<>();
      missing.values().forEach(rows::addAll);
      try {
        commit(snapshot, appId, missing.lastKey(), rows);
        return Outcome.COMMITTED;
      } catch (ConcurrentTransactionException e) {
        // A commit with our transaction id landed first, ours or a replay's. With one group, our
        // rows are in the table; with several, look at which ones once more.
        if (missing.size() == 1 || attempt >= MAX_KERNEL_RETRIES) {
          return Outcome.ALREADY_COMMITTED;
        }
      }
    }
  }

  private void commit(Snapshot snapshot, String appId, long txnVersion, List<Object[]> rows)
      throws IOException {
    StructType schema = snapshot.getSchema();
    Transaction txn = snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
        .withTransactionId(appId, txnVersion)
        .withMaxRetries(MAX_KERNEL_RETRIES)
        .build(engine);
    Row state = txn.getTransactionState(engine);
    List<Row> actions = new ArrayList<>();
    for (Map.Entry<Integer, List<Object[]>> partition : byDate(rows).entrySet()) {
      Map<String, Literal> partitionValues =
          Map.of(StoreSchema.DATE, Literal.ofDate(partition.getKey()));
      FilteredColumnarBatch batch = new FilteredColumnarBatch(
          new ObjectColumnarBatch(schema, inTableOrder(schema, partition.getValue())),
          Optional.empty());
      actions.addAll(DataFiles.write(engine, state, partitionValues,
          KernelIterators.closeable(List.of(batch).iterator()), true));
    }
    TransactionCommitResult result = txn.commit(engine,
        CloseableIterable.inMemoryIterable(KernelIterators.closeable(actions.iterator())));
    runHooks(engine, path, result);
  }

  /**
   * The table's latest snapshot, the table created first if it has none, unless that would put a
   * new table in place of one this writer (or another of its store) has opened.
   */
  private Snapshot loadOrCreate() {
    Snapshot snapshot;
    try {
      snapshot = TableManager.loadSnapshot(path).build(engine);
    } catch (TableNotFoundException e) {
      seen.requireNoneLost(engine, spec.name(), path);
      create();
      snapshot = TableManager.loadSnapshot(path).build(engine);
    }
    seen.see(spec.name(), path, snapshot);
    return snapshot;
  }

  private void create() {
    try {
      TableManager.buildCreateTableTransaction(path, spec.schema(), ENGINE_INFO)
          .withDataLayoutSpec(DataLayoutSpec.partitioned(
              spec.partitionColumns().stream().map(Column::new).toList()))
          .withTableProperties(StoreFormat.tableProperties(engine, path))
          .build(engine)
          .commit(engine, CloseableIterable.emptyIterable());
      LOG.info("Created the {} table at {}", spec.name(), path);
    } catch (TableAlreadyExistsException e) {
      // Another writer created it first; appending to it is all we need.
    } catch (RuntimeException e) {
      // Two writers creating the table at once: the loser fails with a protocol conflict.
      if (!exists()) {
        throw e;
      }
    }
  }

  private boolean exists() {
    try {
      TableManager.loadSnapshot(path).build(engine);
      return true;
    } catch (TableNotFoundException e) {
      return false;
    }
  }

  /**
   * Runs a commit's checkpoint, checksum and log clean-up hooks: Kernel leaves them to the caller,
   * and their failure loses nothing.
   */
  public static void runHooks(Engine engine, String path, TransactionCommitResult result) {
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Post-commit hook {} failed on {} (the commit itself landed)", hook.getType(), path, e);
      }
    }
  }

  /** The rows with the table's columns, in its order; null in a column the spec does not know. */
  private List<Object[]> inTableOrder(StructType schema, List<Object[]> rows) {
    int[] from = new int[schema.length()];
    boolean same = schema.length() == spec.schema().length();
    for (int c = 0; c < from.length; c++) {
      from[c] = spec.ordinal(schema.at(c).getName());
      same &= from[c] == c;
    }
    if (same) {
      return rows;
    }
    List<Object[]> out = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Object[] tableRow = new Object[from.length];
      for (int c = 0; c < from.length; c++) {
        tableRow[c] = from[c] < 0 ? null : row[from[c]];
      }
      out.add(tableRow);
    }
    return out;
  }

  private Map<Integer, List<Object[]>> byDate(List<Object[]> rows) {
    Map<Integer, List<Object[]>> partitions = new TreeMap<>();
    for (Object[] row : rows) {
      partitions.computeIfAbsent(spec.dateOf(row), d -> new ArrayList<>()).add(row);
    }
    return partitions;
  }
}
