package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.internal.value.Require;

/**
 * Where the store's tables live: one Delta table per {@link StoreTable} under one root, which may be
 * any Hadoop filesystem URI (local path, HDFS, S3, ABFS, DBFS, a Unity Catalog volume).
 */
public record StoreLayout(String root) {

  /**
   * The folder under the root that holds model files: {@code model_files/<name>/<publication id>/},
   * one folder per publication, named by the {@code location} of its {@code model_versions} row.
   */
  public static final String MODEL_FILES = "model_files";

  public StoreLayout {
    Require.notNull("store root", root);
    if (root.isBlank()) {
      throw new IllegalArgumentException("store root must not be blank");
    }
    while (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
  }

  /** The default root under a warehouse directory: {@code <warehouse>/mlops}. */
  public static StoreLayout underWarehouse(String warehouseDir) {
    String w = Require.notNull("warehouse directory", warehouseDir);
    return new StoreLayout(w.endsWith("/") ? w + "mlops" : w + "/mlops");
  }

  /** The path of a table. */
  public String tablePath(StoreTable table) {
    return root + "/" + table.directory();
  }
}
