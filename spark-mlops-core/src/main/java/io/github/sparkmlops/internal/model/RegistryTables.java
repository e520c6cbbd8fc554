package io.github.sparkmlops.internal.model;

import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.SnapshotImpl;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.ModelHistoryRecord;
import io.github.sparkmlops.internal.store.ModelTables;
import io.github.sparkmlops.internal.store.ModelVersionRecord;
import io.github.sparkmlops.internal.store.SeenTables;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The registry's tables in one store: reads them into a {@link RegistryState} (each table's rows
 * kept while it has no new version) and commits changes, one Delta commit each, ordered per model.
 *
 * <p>Order comes from Delta's transaction ids: a publication commits under {@code (mlops-model-NAME,
 * version)} and a change under {@code (mlops-model-history-NAME, its first event_seq)}. Delta
 * refuses a transaction version at or below the table's latest for the same id, so of two writers
 * that computed from the same state one lands and the other reads the tables again, recomputes its
 * change on the new state and takes the next numbers. Versions and changes of a model are numbered
 * from 1 without gaps or duplicates, across applications, and every change applies to the state it
 * was computed on. Numbers come from the rows and from the table's transaction watermark for the
 * id, so rows deleted by hand leave a gap rather than a number Delta would refuse for ever.
 */
final class RegistryTables {

  /** Lost races before giving up; each one means another writer's change landed. */
  private static final int MAX_ATTEMPTS = 200;

  private final Engine engine;
  private final StoreLayout layout;
  private final DeltaTableWriter versionsWriter;
  private final DeltaTableWriter historyWriter;
  private final TableCache<ModelVersionRecord> versions;
  private final TableCache<ModelHistoryRecord> history;
  private final SeenTables seen;

  /**
   * A table's rows and the version they were read at (-1: no table yet), with the snapshot they
   * were read from (empty: no table yet, or nothing read), which the watermark of that version asks.
   */
  private record Read<R>(long version, List<R> rows, TableRows.FileRows<R> files,
      Optional<Snapshot> snapshot) {}

  /**
   * A table's rows as of the version last read; read again when the table has a newer one, but
   * only its new data files: each publication or change adds a file, and reading every file again
   * after each made publishing cost more the longer the registry's history.
   */
  private final class TableCache<R> {
    private final StoreTable table;
    private final String path;
    private final List<String> columns;
    private final Function<TableRows.Values, R> decode;
    private Read<R> last =
        new Read<>(Long.MIN_VALUE, List.of(), TableRows.FileRows.none(), Optional.empty());

    TableCache(StoreTable table, List<String> columns, Function<TableRows.Values, R> decode) {
      this.table = table;
      this.path = layout.tablePath(table);
      this.columns = columns;
      this.decode = decode;
    }

    /** The table's latest version (-1: no table yet). */
    long latest() {
      return TableRows.version(engine, path);
    }

    synchronized Read<R> read() {
      // one load of the log: the version to compare, and the snapshot to read if it is newer
      Optional<Snapshot> snapshot = TableRows.latest(engine, path);
      long latest = snapshot.map(Snapshot::getVersion).orElse(-1L);
      if (latest < 0) {
        // a store this application wrote to that is gone is lost, not an empty registry
        seen.requireNoneLost(engine, table.directory(), path);
      }
      if (latest != last.version()) {
        TableRows.FileRows<R> files =
            TableRows.byFile(engine, path, snapshot, columns, decode, last.files());
        last = new Read<>(files.version(), Collections.unmodifiableList(files.rows()), files,
            snapshot);
      }
      return last;
    }

    List<R> rows() {
      return read().rows();
    }

    /**
     * The highest transaction version the table held for {@code appId} at the version {@code
     * read} was read at, 0 when none. Rows deleted by hand (a {@code DELETE}) leave it where it
     * was, and Delta refuses every number at or below it.
     */
    synchronized long watermark(Read<R> read, String appId) {
      if (read.version() < 0) {
        return 0;
      }
      // the snapshot the rows were read from: the same version, without loading the log again
      // (synchronized as read() is: a snapshot's lazily loaded state is not for two threads)
      Snapshot snapshot = read.snapshot().orElseThrow();
      return ((SnapshotImpl) snapshot).getLatestTransactionVersion(engine, appId).orElse(0L);
    }
  }

  /** The registry of a store this application does not write otherwise. */
  RegistryTables(Engine engine, StoreLayout layout) {
    this(engine, layout, new SeenTables());
  }

  /**
   * The registry of a store, whose tables this application's writers have opened are in {@code
   * seen}: once one of them is lost, the registry is lost too, and neither reads as empty nor
   * creates a table.
   */
  RegistryTables(Engine engine, StoreLayout layout, SeenTables seen) {
    this.engine = engine;
    this.layout = layout;
    this.seen = seen;
    this.versionsWriter = new DeltaTableWriter(engine, layout, StoreTable.MODEL_VERSIONS, seen);
    this.historyWriter = new DeltaTableWriter(engine, layout, StoreTable.MODEL_HISTORY, seen);
    this.versions = new TableCache<>(StoreTable.MODEL_VERSIONS, RegistryState.VERSION_COLUMNS,
        RegistryState::versionRecord);
    this.history = new TableCache<>(StoreTable.MODEL_HISTORY, RegistryState.HISTORY_COLUMNS,
        RegistryState::historyRecord);
  }

  /** The store root. */
  String root() {
    return layout.root();
  }

  /** The absolute location of a version's folder stored relative to the root. */
  static String absolute(String root, String location) {
    if (location.startsWith("/") || location.contains("..") || location.contains(":")) {
      throw new IllegalStateException("A model location in the store is not under its root: '"
          + location + "'; refusing to use it");
    }
    return root + "/" + location;
  }

  /**
   * Returns if the registry's store is there, or not written yet.
   *
   * @throws io.github.sparkmlops.internal.store.TableLostException if a table of the store that
   *     this application has opened is gone or was replaced
   */
  void requireNotLost() {
    versions.read();
    history.read();
  }

  /** The registry now. */
  RegistryState state() {
    return stateAt(null);
  }

  /** The registry as it stood at {@code time} (null: now). */
  RegistryState stateAt(Instant time) {
    return fold(history.read(), time);
  }

  /**
   * The state from {@code changes} and the versions read now: the history is read first, since
   * every version a change names was published before the change, so the versions read after it
   * hold them all.
   */
  private RegistryState fold(Read<ModelHistoryRecord> changes, Instant time) {
    return RegistryState.fold(root(), versions.rows(), changes.rows(), time);
  }

  /** The two tables' versions: a change of either is a change of the registry. */
  long[] tableVersions() {
    return new long[] {versions.latest(), history.latest()};
  }

  /**
   * Commits a new version of {@code name}: {@code record} is given the next version number, again
   * after each lost race.
   *
   * @return the version committed
   */
  long publish(String name, String publishId, LongFunction<ModelVersionRecord> record) {
    String appId = "mlops-model-" + name;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Read<ModelVersionRecord> read = versions.read();
      long last = read.rows().stream().filter(v -> v.name().equals(name))
          .mapToLong(ModelVersionRecord::version).max().orElse(0);
      // the watermark of the same table version as the rows: a newer one would let a number
      // through that a writer who read the newer rows may have taken already
      long version = Math.max(last, versions.watermark(read, appId)) + 1;
      DeltaTableWriter.Outcome outcome;
      try {
        outcome = versionsWriter.append(appId, version,
            List.<Object[]>of(ModelTables.VERSIONS.encode(record.apply(version))));
      } catch (IOException e) {
        throw new UncheckedIOException("Publishing model " + name + " failed", e);
      }
      if (outcome == DeltaTableWriter.Outcome.COMMITTED) {
        return version;
      }
      // Refused because another writer took this number first, or ours all along (a retry inside
      // Kernel after an unclear failure): only the table can tell.
      Long mine = ownVersion(name, publishId);
      if (mine != null) {
        return mine;
      }
    }
    throw new IllegalStateException("Publishing model " + name + " lost " + MAX_ATTEMPTS
        + " races with other writers in a row; try again");
  }

  /** The version {@code publishId} committed, or null if none did. */
  Long ownVersion(String name, String publishId) {
    return versions.rows().stream()
        .filter(v -> v.name().equals(name) && publishId.equals(v.publishId()))
        .map(ModelVersionRecord::version).findFirst().orElse(null);
  }

  /** What a change writes, given the state it applies to and its first event number. */
  interface Change {
    /**
     * The rows to append, numbered from {@code firstSeq}, with {@code changeId} as their writer id;
     * empty when there is nothing to do.
     */
    List<ModelHistoryRecord> rows(RegistryState state, long firstSeq, String changeId);
  }

  /**
   * Commits a change of {@code name}, computed on the latest state, again after each lost race.
   *
   * @return the state the change applied to, or null when it had nothing to write
   */
  RegistryState change(String name, Change change) {
    String changeId = "mlops-change-" + UUID.randomUUID();
    String appId = "mlops-model-history-" + name;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Read<ModelHistoryRecord> changes = history.read();
      RegistryState state = fold(changes, null);
      // numbered after the rows and after the watermark of the same table version (see publish)
      long firstSeq = Math.max(state.lastEventSeq(name),
          history.watermark(changes, appId)) + 1;
      List<ModelHistoryRecord> rows = change.rows(state, firstSeq, changeId);
      if (rows.isEmpty()) {
        return state;
      }
      // Under the change's FIRST number: Delta refuses a transaction version at or below the
      // latest one, so a writer that computed from an older state (and so picked a first number
      // at or below this one) is refused, even when its change has more rows than ours.
      long first = rows.get(0).eventSeq();
      DeltaTableWriter.Outcome outcome;
      try {
        outcome = historyWriter.append(appId, first,
            rows.stream().map(ModelTables.HISTORY::encode).toList());
      } catch (IOException e) {
        throw new UncheckedIOException("Changing model " + name + " failed", e);
      }
      boolean landed = outcome == DeltaTableWriter.Outcome.COMMITTED
          || history.rows().stream().anyMatch(h -> h.name().equals(name)
              && h.eventSeq() == first && changeId.equals(h.writerId()));
      if (landed) {
        return state;
      }
    }
    throw new IllegalStateException("Changing model " + name + " lost " + MAX_ATTEMPTS
        + " races with other writers in a row; try again");
  }
}
