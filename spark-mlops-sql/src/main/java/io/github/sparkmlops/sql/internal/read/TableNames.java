package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.store.StoreTable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Store tables by the name users give them, the same for the {@code table} option and the catalog. */
public final class TableNames {

  private TableNames() {}

  /** The table named {@code name} (case-insensitive), if the store has one. */
  public static Optional<StoreTable> find(String name) {
    return Arrays.stream(StoreTable.values())
        .filter(t -> t.directory().equalsIgnoreCase(name))
        .findFirst();
  }

  /** Every table's name, for listings and for errors that must say what exists. */
  public static List<String> all() {
    return Arrays.stream(StoreTable.values()).map(StoreTable::directory).toList();
  }
}
