package io.github.sparkmlops.internal.store;

import io.delta.kernel.engine.Engine;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Builds what writes and reads a store: the Kernel engine and one writer per table. */
public final class Store {

  private Store() {}

  /**
   * A Kernel engine over a copy of {@code hadoopConf} (so filesystem credentials and settings
   * apply). Parquet files are Snappy-compressed unless {@code parquet.compression} says otherwise;
   * Kernel's own default is uncompressed. Local paths get {@link LocalAtomicLogStore}, which keeps
   * commits from writers in several JVMs from overwriting each other; S3 paths get {@link
   * ConditionalPutLogStore}, which does the same with S3's conditional PUT. The engine keeps {@code
   * hadoopConf}'s copy, so a reader that finds no table can look at what is there instead.
   */
  public static Engine engine(Configuration hadoopConf) {
    Configuration conf = new Configuration(hadoopConf);
    if (conf.get("parquet.compression") == null) {
      conf.set("parquet.compression", "SNAPPY");
    }
    if (conf.get(LocalAtomicLogStore.KERNEL_KEY) == null) {
      conf.set(LocalAtomicLogStore.KERNEL_KEY, LocalAtomicLogStore.class.getName());
    }
    // S3: Kernel's default there lets two writers of one version both succeed, the second
    // replacing the first's commit; a log store set explicitly is the user's choice
    for (String key : ConditionalPutLogStore.KERNEL_KEYS) {
      if (conf.get(key) == null) {
        conf.set(key, ConditionalPutLogStore.class.getName());
      }
    }
    return new StoreEngine(conf);
  }

  /**
   * One writer per table that reports are flushed to (stats, events, drift, reports, lineage); the model registry writes
   * its tables itself, one commit per change. The writers share what they have seen of the store,
   * so that none creates its table in a store that is lost.
   */
  public static Map<StoreTable, DeltaTableWriter> writers(Engine engine, StoreLayout layout) {
    return writers(engine, layout, new SeenTables());
  }

  /**
   * As {@link #writers(Engine, StoreLayout)}, sharing {@code seen} with the other writers of the
   * store (the registry's), so that a store lost to one is lost to all.
   */
  public static Map<StoreTable, DeltaTableWriter> writers(Engine engine, StoreLayout layout,
      SeenTables seen) {
    Map<StoreTable, DeltaTableWriter> writers = new EnumMap<>(StoreTable.class);
    for (StoreTable table : List.of(StoreTable.STATS, StoreTable.EVENTS, StoreTable.DRIFT,
        StoreTable.REPORTS, StoreTable.LINEAGE)) {
      writers.put(table, new DeltaTableWriter(engine, layout, table, seen));
    }
    return writers;
  }
}
