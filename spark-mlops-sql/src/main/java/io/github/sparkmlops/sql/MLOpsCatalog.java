package io.github.sparkmlops.sql;

import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.sql.internal.read.MLOpsTable;
import io.github.sparkmlops.sql.internal.read.ReadOptions;
import io.github.sparkmlops.sql.internal.view.ViewTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A read-only catalog over one MLOps store, so SQL sees its tables:
 * {@code spark.sql.catalog.mlops=io.github.sparkmlops.sql.MLOpsCatalog}, then
 * {@code SHOW TABLES IN mlops}, {@code DESCRIBE mlops.stats},
 * {@code SELECT * FROM mlops.stats VERSION AS OF 3 WHERE name = 'loss'},
 * {@code SELECT name, version FROM mlops.models WHERE stage = 'Production'}. The tables are
 * {@code stats}, {@code events}, {@code model_versions}, {@code model_history} and the views
 * {@code models} and {@code runs}.
 *
 * <p>The store root is {@code spark.sql.catalog.<name>.store}, else {@code spark.mlops.store}, else
 * {@code <spark.sql.warehouse.dir>/mlops}, settled when the catalog is first used. The tables live
 * in the catalog's root namespace. Naming a table the store does not have is an
 * {@link IllegalArgumentException} that lists the tables it has.
 */
public final class MLOpsCatalog implements TableCatalog {

  private String name;
  private StoreLayout store;

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
    this.store = ReadOptions.storeRoot(SparkSession.active(), Optional.ofNullable(options.get("store")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    requireRoot(namespace);
    return tableNames().stream()
        .map(t -> Identifier.of(new String[0], t))
        .toArray(Identifier[]::new);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    // Asked directly, since loadTable does not throw NoSuchTableException for unknown names.
    return ident.namespace().length == 0 && (StoreTable.find(ident.name()).isPresent()
        || StoreView.find(ident.name()).isPresent());
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    return table(ident, Map.of());
  }

  @Override
  public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
    return table(ident, Map.of("versionAsOf", version));
  }

  @Override
  public Table loadTable(Identifier ident, long timestampMicros) throws NoSuchTableException {
    // the read's option checks the range, as for format("mlops").option("timestampAsOf", ...)
    return table(ident, Map.of("timestampAsOf", StoreTime.instant(timestampMicros).toString()));
  }

  private Table table(Identifier ident, Map<String, String> timeTravel) throws NoSuchTableException {
    if (ident.namespace().length != 0) {
      throw new NoSuchTableException(ident);
    }
    // Not NoSuchTableException: Spark swallows it and, since "mlops" is also this source's short
    // name, retries mlops.<name> as a query on files, failing with "Unsupported data source type
    // for direct query on files: mlops", which names neither the table nor what exists.
    Optional<StoreView> view = StoreView.find(ident.name());
    if (view.isPresent()) {
      if (!timeTravel.isEmpty()) {
        throw new IllegalArgumentException("The view " + name + "." + view.get().viewName()
            + " is folded from the store as it is now; it has no versions to travel to");
      }
      return ViewTable.of(view.get(), store);
    }
    StoreTable table = StoreTable.find(ident.name()).orElseThrow(() -> new IllegalArgumentException(
        "Table " + name + "." + ident.name() + " does not exist; the " + name + " catalog has tables "
            + tableNames() + " (store " + store.root() + ")"));
    Map<String, String> options = new HashMap<>(timeTravel);
    options.put("table", table.directory());
    options.put("store", store.root());
    return new MLOpsTable(options);
  }

  private static List<String> tableNames() {
    List<String> names = new ArrayList<>(StoreTable.names());
    names.addAll(StoreView.names());
    return names;
  }

  private static void requireRoot(String[] namespace) throws NoSuchNamespaceException {
    if (namespace.length != 0) {
      throw new NoSuchNamespaceException(namespace);
    }
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw readOnly();
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw readOnly();
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw readOnly();
  }

  private UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException(
        "The " + name + " catalog is read-only: the MLOps store is written through MLOps");
  }
}
