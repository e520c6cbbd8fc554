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
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code runs} view's {@link RunStats} from one Spark query of the {@code stats} table, a few
 * per run and name: the executors read the columns the view needs and reduce them, the driver gets
 * a row per run, name and context instead of every stats row.
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
    Dataset<Row> stats = spark.read().format("mlops")
        .option("store", store)
        .option("versionAsOf", version)
        // the view's own read of the store is not a run's input
        .option(LineagePlans.STORE_LINEAGE_OPTION, "false")
        .load();
    Column[] keys = {col(RUN_ID), col(NAME), col(MLAPP), col(PIPELINE), col(NODE), col(HOST)};
    Column none = lit(null);
    // Every row, in buffers of fixed width so that Spark aggregates them in a hash map: a string
    // in a buffer would make it sort every row. Of rows of the same time max_by keeps the last.
    Column metricTime = when(not(coalesce(col(CATEGORY).equalTo(RecordSink.CONFIG), lit(false)))
        .and(col(VALUE).isNotNull()), col(TIME));
    Dataset<Row> all = stats.groupBy(keys).agg(unix_micros(min(TIME)), unix_micros(max(TIME)),
        count(lit(1)), none.cast("long"), none.cast("string"), none.cast("double"),
        unix_micros(max(metricTime)), max_by(col(VALUE), metricTime));
    // The latest CONFIG value, a string: a few rows (parameters, the run's identity), most files
    // skipped by their statistics. Of rows of the same time, the last one read, as the driver's
    // fold keeps it: monotonically_increasing_id grows along the rows read.
    String order = "_order"; // an aggregate may not take a nondeterministic argument: a column
    Dataset<Row> configs = stats.where(col(CATEGORY).equalTo(RecordSink.CONFIG)
            .and(col(TEXT).isNotNull().or(col(VALUE).isNotNull())))
        .withColumn(order, struct(col(TIME), monotonically_increasing_id()))
        .groupBy(keys)
        .agg(max_by(struct(unix_micros(col(TIME)).as("time"), col(TEXT), col(VALUE)), col(order))
            .as("latest"))
        .select(col(RUN_ID), col(NAME), col(MLAPP), col(PIPELINE), col(NODE), col(HOST),
            col("latest.time"), col("latest.time"), lit(0L), col("latest.time"),
            col("latest." + TEXT), col("latest." + VALUE), none.cast("long"),
            none.cast("double"));
    for (Row r : all.union(configs).collectAsList()) {
      each.accept(new RunStats(r.getString(0), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.getString(1), r.getLong(6), r.getLong(7), r.getLong(8),
          longOrNull(r, 9), RunStats.configValue(r.getString(10), doubleOrNull(r, 11)),
          longOrNull(r, 12), doubleOrNull(r, 13)));
    }
  }

  private static Long longOrNull(Row row, int i) {
    return row.isNullAt(i) ? null : row.getLong(i);
  }

  private static Double doubleOrNull(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }
}
