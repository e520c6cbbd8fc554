package io.github.sparkmlops.internal.config;

import io.github.sparkmlops.internal.store.StoreLayout;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one rule that says where the store is, shared by the writer ({@link MLOpsConfig}), the
 * {@code mlops} data source and the catalog, so that they can never disagree: an explicit root
 * (an option), else {@value MLOpsConfig#STORE}, else {@code <spark.sql.warehouse.dir>/mlops}.
 */
public final class StoreRoot {

  private StoreRoot() {}

  /**
   * Resolves the store root.
   *
   * @param explicit a root given for this use (a data source or catalog option), if any
   * @param conf looks up a configuration key (e.g. of the Spark session)
   * @param warehouseDir {@code spark.sql.warehouse.dir}, the default root's parent
   */
  public static StoreLayout resolve(
      Optional<String> explicit, Function<String, Optional<String>> conf, String warehouseDir) {
    if (explicit.isPresent()) {
      return new StoreLayout(explicit.get());
    }
    Optional<String> configured = conf.apply(MLOpsConfig.STORE).map(String::trim);
    if (configured.isPresent() && configured.get().isEmpty()) {
      // An empty setting is a mistake, not a request for the default store.
      throw new IllegalArgumentException(MLOpsConfig.STORE + " must not be empty");
    }
    return configured.map(StoreLayout::new).orElseGet(() -> StoreLayout.underWarehouse(warehouseDir));
  }
}
