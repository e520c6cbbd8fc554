package io.github.sparkmlops.internal.read;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.posexplode;

import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.value.StatType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/** Shapes a stat's rows for its type, as {@link MLOps#getStat} documents. */
public final class StatShapes {

  private static final List<Column> CONTEXT = List.of(col(StoreSchema.MLAPP),
      col(StoreSchema.PIPELINE), col(StoreSchema.NODE), col(StoreSchema.RUN_ID), col(StoreSchema.HOST));

  private StatShapes() {}

  public static Dataset<Row> shape(Dataset<Row> rows) {
    List<String> types = rows.select(StoreSchema.TYPE).distinct().as(Encoders.STRING()).collectAsList();
    if (types.size() > 1) {
      throw new IllegalStateException("The stat was reported with several types " + types
          + "; read it with spark.read.format(\"mlops\") and filter on the type column");
    }
    StatType type = types.isEmpty() ? StatType.NUMBER : StatType.valueOf(types.get(0));
    Dataset<Row> sorted = rows.orderBy(col(StoreSchema.TIME), col(StoreSchema.SEQ));
    return switch (type) {
      case NUMBER, KPI -> select(sorted, col(StoreSchema.VALUE), col(StoreSchema.CATEGORY), col(StoreSchema.TYPE));
      case STRING -> select(sorted, col(StoreSchema.TEXT).as("value"), col(StoreSchema.CATEGORY));
      case VECTOR -> select(sorted, col("vector.values").as("values"), col("vector.labels").as("labels"),
          col(StoreSchema.CATEGORY));
      case HISTOGRAM -> select(sorted, col("histogram.kind").as("hist_type"),
          col("histogram.edges").as("bin_edges"), col("histogram.labels").as("labels"),
          col("histogram.counts").as("hist_values"), col(StoreSchema.CATEGORY));
      case TABLE -> tableRows(sorted);
      case MULTI_LINE_GRAPH -> series(sorted);
      case OPAQUE -> select(sorted, col(StoreSchema.JSON).as("data"));
    };
  }

  private static Dataset<Row> select(Dataset<Row> rows, Column... columns) {
    List<Column> all = new ArrayList<>();
    all.add(col(StoreSchema.TIME));
    all.addAll(List.of(columns));
    all.addAll(CONTEXT);
    return rows.select(all.toArray(new Column[0]));
  }

  private static Dataset<Row> tableRows(Dataset<Row> rows) {
    Dataset<Row> exploded = rows.select(col("*"), posexplode(col("table.rows")).as(new String[] {"pos", "cells"}));
    return select(exploded, col("table.row_names").getItem(col("pos")).as("row_name"),
        col("table.column_names").as("column_names"), col("table.column_types").as("column_types"),
        col("cells"));
  }

  private static Dataset<Row> series(Dataset<Row> rows) {
    List<String> labels = rows.select(explode(col("graph.labels"))).distinct()
        .as(Encoders.STRING()).collectAsList().stream().sorted().toList();
    Column byLabel = map_from_arrays(col("graph.labels"), col("graph.values"));
    Column[] columns = labels.stream().map(l -> byLabel.getItem(l).as(l)).toArray(Column[]::new);
    return select(rows, columns);
  }
}
