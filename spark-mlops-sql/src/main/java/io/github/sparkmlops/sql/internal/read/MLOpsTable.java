package io.github.sparkmlops.sql.internal.read;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One table of the MLOps store (stats or events), readable in batch and as a stream. */
public final class MLOpsTable implements SupportsRead {

  private final Map<String, String> options;
  private final ReadOptions parsed;

  /** A table read with these options (validated now). */
  public MLOpsTable(Map<String, String> options) {
    this.options = Map.copyOf(options);
    this.parsed = ReadOptions.parse(this.options);
  }

  @Override
  public String name() {
    return "mlops." + parsed.table().directory();
  }

  // Spark 4.0 to 4.2 still read a table's schema through schema(), deprecated for columns()
  @SuppressWarnings("deprecation")
  @Override
  public StructType schema() {
    return parsed.table().sparkSchema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  /**
   * A scan with the table's options and the read's ({@code spark.read.option(...).table(...)} on
   * the catalog gives the read's own). An option both give with different values (two stores, two
   * tables, two versions) is an error naming both, not one silently winning.
   */
  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    SparkSession spark = SparkSession.active();
    Map<String, String> merged = new HashMap<>(options);
    scanOptions.asCaseSensitiveMap().forEach((key, value) -> {
      for (Map.Entry<String, String> held : options.entrySet()) {
        if (held.getKey().equalsIgnoreCase(key)) {
          requireSame(held.getKey(), held.getValue(), key, value, spark);
          merged.remove(held.getKey());
        }
      }
      merged.put(key, value);
    });
    return new MLOpsScanBuilder(spark, ReadOptions.parse(merged));
  }

  private static void requireSame(String heldKey, String held, String key, String value,
      SparkSession spark) {
    boolean tableName = key.equalsIgnoreCase("table");
    if (tableName ? held.trim().equalsIgnoreCase(value.trim()) : held.trim().equals(value.trim())) {
      // table names are matched in any case, as the option 'table' takes them
      return;
    }
    if (ReadOptions.STORE_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
      ReadOptions.requireSameStore(held, "the table's " + ReadOptions.source(heldKey), value,
          "the read's " + ReadOptions.source(key), () -> spark.sessionState().newHadoopConf());
      return;
    }
    throw ReadOptions.givenTwice(key, held, value);
  }
}
