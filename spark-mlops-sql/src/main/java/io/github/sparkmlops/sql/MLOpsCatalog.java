package io.github.sparkmlops.sql;

import io.github.sparkmlops.sql.internal.read.MLOpsTable;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.StoreTable;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * {@code SELECT * FROM mlops.stats VERSION AS OF 3 WHERE name = 'loss'}.
 *
 * <p>The store root is {@code spark.sql.catalog.<name>.store}, else {@code spark.mlops.store}, else
 * {@code <spark.sql.warehouse.dir>/mlops}. The tables live in the catalog's root namespace.
 */
public final class MLOpsCatalog implements TableCatalog {

  private String name;
  private String store;

  @Override
  public void initialize(String name, CaseInsensitiveStringMap options) {
    this.name = name;
    SparkSession spark = SparkSession.active();
    this.store = options.containsKey("store") ? options.get("store")
        : spark.conf().getOption(MLOpsConfig.STORE).getOrElse(() -> null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    requireRoot(namespace);
    return Arrays.stream(StoreTable.values())
        .map(t -> Identifier.of(new String[0], t.directory()))
        .toArray(Identifier[]::new);
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
    Instant at = Instant.EPOCH.plusNanos(Math.multiplyExact(timestampMicros, 1_000L));
    return table(ident, Map.of("timestampAsOf", at.toString()));
  }

  private Table table(Identifier ident, Map<String, String> timeTravel) throws NoSuchTableException {
    if (ident.namespace().length != 0) {
      throw new NoSuchTableException(ident);
    }
    for (StoreTable t : StoreTable.values()) {
      if (t.directory().equalsIgnoreCase(ident.name())) {
        Map<String, String> options = new HashMap<>(timeTravel);
        options.put("table", t.directory());
        if (store != null) {
          options.put("store", store);
        }
        return new MLOpsTable(options);
      }
    }
    throw new NoSuchTableException(ident);
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
