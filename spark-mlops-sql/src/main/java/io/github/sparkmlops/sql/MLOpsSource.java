package io.github.sparkmlops.sql;

import io.github.sparkmlops.sql.internal.read.MLOpsTable;
import io.github.sparkmlops.sql.internal.read.ReadOptions;
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
 * spark.readStream().format("mlops")} tails it. See {@link ReadOptions}.
 */
public final class MLOpsSource implements TableProvider, DataSourceRegister {

  @Override
  public String shortName() {
    return "mlops";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return ReadOptions.parse(options.asCaseSensitiveMap()).table().sparkSchema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new MLOpsTable(properties);
  }
}
