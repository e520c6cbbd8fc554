package io.github.sparkmlops.sql;

import io.github.sparkmlops.sql.internal.read.MLOpsTable;
import io.github.sparkmlops.sql.internal.read.ReadOptions;
import io.github.sparkmlops.sql.internal.view.ViewTable;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code mlops} data source: {@code spark.read.format("mlops").option("table", "stats").load()}
 * reads the MLOps store with Delta Kernel (no delta-spark needed), and {@code
 * spark.readStream().format("mlops")} tails it. See {@link ReadOptions}. The views {@code models}
 * and {@code runs} are read in batch, with the options {@code store} and {@code table} only.
 */
public final class MLOpsSource implements TableProvider, DataSourceRegister {

  @Override
  public String shortName() {
    return "mlops";
  }

  // Spark 4.0 to 4.2 still read a table's schema through schema(), deprecated for columns()
  @SuppressWarnings("deprecation")
  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return table(options.asCaseSensitiveMap()).schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return table(properties);
  }

  private static Table table(Map<String, String> options) {
    return ViewTable.of(options, ReadOptions::storeRoot).<Table>map(t -> t)
        .orElseGet(() -> new MLOpsTable(options));
  }
}
