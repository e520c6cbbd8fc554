package io.github.sparkmlops.sql.internal.read;

import java.util.HashMap;
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

  @Override
  public StructType schema() {
    return parsed.table().sparkSchema();
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    Map<String, String> merged = new HashMap<>(options);
    merged.putAll(scanOptions.asCaseSensitiveMap());
    return new MLOpsScanBuilder(SparkSession.active(), ReadOptions.parse(merged));
  }
}
