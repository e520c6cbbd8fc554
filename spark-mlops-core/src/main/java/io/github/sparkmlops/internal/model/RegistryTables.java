package io.github.sparkmlops.internal.model;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.ModelHistoryRecord;
import io.github.sparkmlops.internal.store.ModelTables;
import io.github.sparkmlops.internal.store.ModelVersionRecord;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The registry's tables in one store: reads them into a {@link RegistryState} (kept while neither
 * table has a new version) and commits changes, one Delta commit each, ordered per model.
 *
 * <p>Order comes from Delta's transaction ids: a publication commits under {@code (mlops-model-NAME,
 * version)} and a change under {@code (mlops-model-history-NAME, its first event_seq)}. Delta
 * refuses a transaction version at or below the table's latest for the same id, so of two writers
 * that computed from the same state one lands and the other reads the tables again, recomputes its
 * change on the new state and takes the next numbers. Versions and changes of a model are numbered
 * from 1 without gaps or duplicates, across applications, and every change applies to the state it
 * was computed on.
 */
final class RegistryTables {

  /** Lost races before giving up; each one means another writer's change landed. */
  private static final int MAX_ATTEMPTS = 200;

  private final Engine engine;
  private final StoreLayout layout;
  private final DeltaTableWriter versionsWriter;
  private final DeltaTableWriter historyWriter;
  private Cached cached;

  private record Cached(long versionsVersion, long historyVersion, List<ModelVersionRecord> versions,
      List<ModelHistoryRecord> history) {}

  RegistryTables(Engine engine, StoreLayout layout) {
    this.engine = engine;
    this.layout = layout;
    this.versionsWriter = new DeltaTableWriter(engine, layout, StoreTable.MODEL_VERSIONS);
    this.historyWriter = new DeltaTableWriter(engine, layout, StoreTable.MODEL_HISTORY);
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

  /** The registry now. */
  RegistryState state() {
    return stateAt(null);
  }

  /** The registry as it stood at {@code time} (null: now). */
  RegistryState stateAt(Instant time) {
    Cached rows = rows();
    return RegistryState.fold(root(), rows.versions(), rows.history(), time);
  }

  /** The two tables' versions: a change of either is a change of the registry. */
  long[] tableVersions() {
    return new long[] {TableRows.version(engine, layout.tablePath(StoreTable.MODEL_VERSIONS)),
        TableRows.version(engine, layout.tablePath(StoreTable.MODEL_HISTORY))};
  }

  private synchronized Cached rows() {
    long[] now = tableVersions();
    if (cached != null && cached.versionsVersion() == now[0] && cached.historyVersion() == now[1]) {
      return cached;
    }
    List<ModelVersionRecord> versions = new ArrayList<>();
    List<ModelHistoryRecord> history = new ArrayList<>();
    long v = TableRows.forEach(engine, layout.tablePath(StoreTable.MODEL_VERSIONS),
        RegistryState.VERSION_COLUMNS, row -> versions.add(RegistryState.versionRecord(row)));
    long h = TableRows.forEach(engine, layout.tablePath(StoreTable.MODEL_HISTORY),
        RegistryState.HISTORY_COLUMNS, row -> history.add(RegistryState.historyRecord(row)));
    cached = new Cached(v, h, List.copyOf(versions), List.copyOf(history));
    return cached;
  }

  /**
   * Commits a new version of {@code name}: {@code record} is given the next version number, again
   * after each lost race.
   *
   * @return the version committed
   */
  long publish(String name, String publishId, LongFunction<ModelVersionRecord> record) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      RegistryState state = state();
      long version = state.lastVersion(name) + 1;
      try {
        versionsWriter.append("mlops-model-" + name, version,
            List.<Object[]>of(ModelTables.VERSIONS.encode(record.apply(version))));
      } catch (IOException e) {
        throw new UncheckedIOException("Publishing model " + name + " failed", e);
      }
      // Committed, or refused because another writer took this number first, or it was ours all
      // along (a retry inside Kernel): only the table can tell.
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
    return rows().versions().stream()
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
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      RegistryState state = state();
      List<ModelHistoryRecord> rows = change.rows(state, state.lastEventSeq(name) + 1, changeId);
      if (rows.isEmpty()) {
        return state;
      }
      // Under the change's FIRST number: Delta refuses a transaction version at or below the
      // latest one, so a writer that computed from an older state (and so picked a first number
      // at or below this one) is refused, even when its change has more rows than ours.
      long first = rows.get(0).eventSeq();
      try {
        historyWriter.append("mlops-model-history-" + name, first,
            rows.stream().map(ModelTables.HISTORY::encode).toList());
      } catch (IOException e) {
        throw new UncheckedIOException("Changing model " + name + " failed", e);
      }
      boolean landed = rows().history().stream().anyMatch(h -> h.name().equals(name)
          && h.eventSeq() == first && changeId.equals(h.writerId()));
      if (landed) {
        return state;
      }
    }
    throw new IllegalStateException("Changing model " + name + " lost " + MAX_ATTEMPTS
        + " races with other writers in a row; try again");
  }
}
