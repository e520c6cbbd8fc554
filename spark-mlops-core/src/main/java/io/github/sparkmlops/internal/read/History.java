package io.github.sparkmlops.internal.read;

import static org.apache.spark.sql.functions.col;

import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.value.StatType;
import java.time.Instant;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a store's history back through the {@code mlops} data source (the spark-mlops-sql module
 * must be on the classpath), as the facade's {@code getStat}, {@code getEvents} and {@code
 * inputsOf} return it.
 */
public final class History {

  private History() {}

  /**
   * One stat's rows with {@code start <= time < end}, shaped for its type by {@link StatShapes};
   * {@code pipeline}, {@code node} and {@code type} narrow it when not null.
   */
  public static Dataset<Row> stat(SparkSession spark, String store, String name, Instant start,
      Instant end, String pipeline, String node, StatType type) {
    Require.name("name", name);
    Dataset<Row> rows = reader(spark, store, StoreTable.STATS, start, end).option("name", name)
        .load();
    if (type != null) {
      rows = rows.where(col(StoreSchema.TYPE).equalTo(type.name()));
    }
    if (pipeline != null) {
      rows = rows.where(col(StoreSchema.PIPELINE).equalTo(pipeline));
    }
    if (node != null) {
      rows = rows.where(col(StoreSchema.NODE).equalTo(node));
    }
    return StatShapes.shape(rows);
  }

  /** The events and alerts with {@code start <= time < end}, in time order. */
  public static Dataset<Row> events(SparkSession spark, String store, Instant start, Instant end) {
    return reader(spark, store, StoreTable.EVENTS, start, end).load().orderBy(StoreSchema.TIME);
  }

  /** The rows of the {@code lineage} table that record what the run {@code runId} read. */
  public static Dataset<Row> inputs(SparkSession spark, String store, String runId) {
    Require.name("runId", runId);
    return spark.read().format("mlops")
        .option("store", store)
        .option("table", StoreTable.LINEAGE.directory())
        .load()
        .where(col(StoreSchema.RUN_ID).equalTo(runId)
            .and(col(LineageTable.DIRECTION).equalTo(LineageTable.INPUT)));
  }

  private static DataFrameReader reader(SparkSession spark, String store, StoreTable table,
      Instant start, Instant end) {
    Require.notNull("start", start);
    Require.notNull("end", end);
    return spark.read().format("mlops")
        .option("store", store)
        .option("table", table.directory())
        .option("start", start.toString())
        .option("end", end.toString());
  }
}
