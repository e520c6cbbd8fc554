package io.github.sparkmlops.sql.internal.view;

import static io.github.sparkmlops.internal.store.StoreSchema.CATEGORY;
import static io.github.sparkmlops.internal.store.StoreSchema.HOST;
import static io.github.sparkmlops.internal.store.StoreSchema.MLAPP;
import static io.github.sparkmlops.internal.store.StoreSchema.NAME;
import static io.github.sparkmlops.internal.store.StoreSchema.NODE;
import static io.github.sparkmlops.internal.store.StoreSchema.PIPELINE;
import static io.github.sparkmlops.internal.store.StoreSchema.RUN_ID;
import static io.github.sparkmlops.internal.store.StoreSchema.TEXT;
import static io.github.sparkmlops.internal.store.StoreSchema.TIME;
import static io.github.sparkmlops.internal.store.StoreSchema.VALUE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.github.sparkmlops.internal.lineage.LineagePlans;
import io.github.sparkmlops.internal.model.RunStats;
import io.github.sparkmlops.internal.sink.RecordSink;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code runs} view's {@link RunStats} from one Spark aggregation of the {@code stats} table,
 * one per run and name: the executors read the columns the view needs and reduce them, the driver
 * gets a row per run and name instead of every stats row.
 */
final class SparkRunStats implements RunStats.Source {

  private final SparkSession spark;
  private final String store;
  private final long version;

  /**
   * @param store the store's root
   * @param version the {@code stats} version to read, so that the rows are those of the snapshot
   *     the caller sized
   */
  SparkRunStats(SparkSession spark, String store, long version) {
    this.spark = spark;
    this.store = store;
    this.version = version;
  }

  @Override
  public void forEach(Consumer<RunStats> each) {
    // The latest row of a name is the one with the greatest time and, among rows of the same
    // time, the last one read, as the driver's fold of the rows in the order they are read keeps
    // it: monotonically_increasing_id grows along each file's rows.
    String order = "_order"; // an aggregate may not take a nondeterministic argument: a column
    Column config = coalesce(col(CATEGORY).equalTo(RecordSink.CONFIG), lit(false));
    Column configOrder = when(config.and(col(TEXT).isNotNull().or(col(VALUE).isNotNull())),
        col(order));
    Column metricOrder = when(not(config).and(col(VALUE).isNotNull()), col(order));
    List<Row> rows = spark.read().format("mlops")
        .option("store", store)
        .option("versionAsOf", version)
        // the view's own read of the store is not a run's input
        .option(LineagePlans.STORE_LINEAGE_OPTION, "false")
        .load()
        .withColumn(order, struct(col(TIME), monotonically_increasing_id()))
        .groupBy(col(RUN_ID), col(NAME))
        .agg(first(MLAPP), first(PIPELINE), first(NODE), first(HOST),
            unix_micros(min(TIME)), unix_micros(max(TIME)), count(lit(1)),
            max_by(struct(unix_micros(col(TIME)), col(TEXT), col(VALUE)), configOrder),
            max_by(struct(unix_micros(col(TIME)), col(VALUE)), metricOrder))
        .collectAsList();
    for (Row r : rows) {
      Row latestConfig = r.getStruct(9);
      Row latestMetric = r.getStruct(10);
      each.accept(new RunStats(r.getString(0), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.getString(1), r.getLong(6), r.getLong(7), r.getLong(8),
          latestConfig == null ? null : latestConfig.getLong(0),
          latestConfig == null ? null
              : RunStats.configValue(latestConfig.getString(1), doubleOrNull(latestConfig, 2)),
          latestMetric == null ? null : latestMetric.getLong(0),
          latestMetric == null ? null : doubleOrNull(latestMetric, 1)));
    }
  }

  private static Double doubleOrNull(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }
}
