package io.github.sparkmlops.internal.health;

import static org.apache.spark.sql.functions.col;

import io.github.sparkmlops.internal.lineage.LineagePlans;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.value.StatType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A stored numeric time series: every number or KPI stored under one stat name, of any run, in time order
 * (ties in the order they were reported). Read with Spark through the {@code mlops} data source,
 * after what the run reported is written.
 *
 * @param times the points' times, ascending
 * @param values the points' values
 */
record StoredSeries(List<Instant> times, double[] values) {

  /**
   * The series of {@code statName}.
   *
   * @throws IllegalArgumentException if no number is stored under that name
   */
  static StoredSeries read(ApplicationRun run, String statName) {
    if (!run.isFinished()) {
      run.flush(run.config().flushTimeout());
    }
    List<Row> rows = run.session().read().format("mlops")
        .option("store", run.config().store().root())
        .option("table", StoreTable.STATS.directory())
        .option("name", statName)
        .option(LineagePlans.STORE_LINEAGE_OPTION, "false")
        .load()
        .where(col(StoreSchema.TYPE).isin(StatType.NUMBER.name(), StatType.KPI.name()))
        .orderBy(col(StoreSchema.TIME), col(StoreSchema.WRITER_ID), col(StoreSchema.SEQ))
        .select(col(StoreSchema.TIME), col(StoreSchema.VALUE))
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("No number is stored under the stat '" + statName
          + "' in the store " + run.config().store().root());
    }
    List<Instant> times = new ArrayList<>(rows.size());
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      times.add(rows.get(i).getTimestamp(0).toInstant());
      values[i] = rows.get(i).isNullAt(1) ? Double.NaN : rows.get(i).getDouble(1);
    }
    return new StoredSeries(times, values);
  }
}
