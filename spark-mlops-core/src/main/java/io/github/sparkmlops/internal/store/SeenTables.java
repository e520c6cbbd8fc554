package io.github.sparkmlops.internal.store;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Delta table ids of the tables that the writers of one store in this application have
 * opened. A table seen once must stay that table: one that vanishes (an unmounted volume, a
 * deleted folder or bucket prefix) or is replaced by another under the same path is lost, and its
 * writers throw {@link TableLostException} instead of creating a new, empty table there. Nor is a
 * store table created while another table seen in the same store is lost: the store is lost.
 */
public final class SeenTables {

  /** The table id by table path. */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  private record Seen(String table, String id) {}

  /** Nothing seen yet. */
  public SeenTables() {}

  /**
   * Notes the id of the table at {@code path}, as {@code snapshot} has it.
   *
   * @throws TableLostException if another table had been seen there
   */
  void see(String table, String path, Snapshot snapshot) {
    String id = snapshot.getMetadata().getId();
    Seen before = seen.putIfAbsent(path, new Seen(table, id));
    if (before != null && !before.id().equals(id)) {
      throw TableLostException.replaced(table, path, before.id(), id);
    }
  }

  /**
   * Checks, before the table at {@code path} (not found there) is created, that it was never seen
   * and that every table seen in the store is still there, the same table. Reads the store only
   * when a table is about to be created, which is rare.
   *
   * @throws TableLostException if a table seen is lost
   */
  public void requireNoneLost(Engine engine, String table, String path) {
    Seen before = seen.get(path);
    if (before != null) {
      throw TableLostException.gone(table, path, before.id());
    }
    for (Map.Entry<String, Seen> other : seen.entrySet()) {
      try {
        see(other.getValue().table(), other.getKey(),
            TableManager.loadSnapshot(other.getKey()).build(engine));
      } catch (TableNotFoundException e) {
        throw TableLostException.storeLost(table, path, TableLostException.gone(
            other.getValue().table(), other.getKey(), other.getValue().id()));
      } catch (TableLostException e) {
        throw TableLostException.storeLost(table, path, e);
      }
    }
  }
}
