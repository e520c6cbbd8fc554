package io.github.sparkmlops.internal.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import io.github.sparkmlops.value.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The usual metrics of predictions, computed in as few passes as MLlib needs: a classifier's from its
 * confusion matrix (one aggregation), plus AUC through MLlib's evaluator; a regressor's in one
 * aggregation. Definitions follow MLlib's {@code MulticlassMetrics} (weighted by label frequency)
 * and {@code RegressionMetrics}.
 */
final class ModelEvaluation {

  /** The prediction column MLlib's models write. */
  static final String PREDICTION = "prediction";
  /** The raw score column MLlib's classifiers write, needed for AUC. */
  static final String RAW_PREDICTION = "rawPrediction";

  private ModelEvaluation() {}

  /** A classifier's metrics and confusion matrix. */
  record Classification(Map<String, Double> metrics, Table confusionMatrix) {}

  static Classification classification(Dataset<?> predictions, String label) {
    requireColumns(predictions, label, PREDICTION);
    Map<Double, Map<Double, Long>> matrix = new TreeMap<>();
    for (Row r : predictions.groupBy(col(label).cast("double"), col(PREDICTION).cast("double"))
        .count().collectAsList()) {
      if (!r.isNullAt(0) && !r.isNullAt(1)) {
        matrix.computeIfAbsent(r.getDouble(0), k -> new TreeMap<>()).put(r.getDouble(1), r.getLong(2));
      }
    }
    TreeSet<Double> labels = new TreeSet<>(matrix.keySet());
    matrix.values().forEach(row -> labels.addAll(row.keySet()));
    double total = 0;
    double correct = 0;
    Map<Double, Double> predicted = new TreeMap<>();
    for (Map.Entry<Double, Map<Double, Long>> actual : matrix.entrySet()) {
      for (Map.Entry<Double, Long> cell : actual.getValue().entrySet()) {
        total += cell.getValue();
        predicted.merge(cell.getKey(), (double) cell.getValue(), Double::sum);
        if (cell.getKey().equals(actual.getKey())) {
          correct += cell.getValue();
        }
      }
    }
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    for (Map.Entry<Double, Map<Double, Long>> actual : matrix.entrySet()) {
      double support = actual.getValue().values().stream().mapToLong(Long::longValue).sum();
      double tp = actual.getValue().getOrDefault(actual.getKey(), 0L);
      double p = predicted.getOrDefault(actual.getKey(), 0.0) == 0 ? 0
          : tp / predicted.get(actual.getKey());
      double r = support == 0 ? 0 : tp / support;
      double weight = support / total;
      precision += weight * p;
      recall += weight * r;
      f1 += weight * (p + r == 0 ? 0 : 2 * p * r / (p + r));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", total == 0 ? Double.NaN : correct / total);
    metrics.put("precision", precision);
    metrics.put("recall", recall);
    metrics.put("f1", f1);
    if (labels.size() == 2 && List.of(predictions.columns()).contains(RAW_PREDICTION)) {
      metrics.put("auc", new BinaryClassificationEvaluator().setLabelCol(label)
          .setRawPredictionCol(RAW_PREDICTION).setMetricName("areaUnderROC").evaluate(predictions));
    }
    List<String> names = new ArrayList<>();
    names.add("actual");
    labels.forEach(l -> names.add("predicted " + label(l)));
    Table.Builder table = Table.builder(names);
    for (double actual : labels) {
      Object[] cells = new Object[labels.size() + 1];
      cells[0] = label(actual);
      int c = 1;
      for (double p : labels) {
        cells[c++] = (double) matrix.getOrDefault(actual, Map.of()).getOrDefault(p, 0L);
      }
      table.row(cells);
    }
    return new Classification(metrics, table.build());
  }

  static Map<String, Double> regression(Dataset<?> predictions, String label) {
    requireColumns(predictions, label, PREDICTION);
    Column y = col(label).cast("double");
    Column error = col(PREDICTION).cast("double").minus(y);
    Row r = predictions.where(y.isNotNull().and(col(PREDICTION).isNotNull()))
        .agg(count(y), sum(pow(error, 2)), sum(abs(error)), sum(y), sum(pow(y, 2))).first();
    double n = r.getLong(0);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (n == 0) {
      metrics.put("rmse", Double.NaN);
      metrics.put("mae", Double.NaN);
      metrics.put("r2", Double.NaN);
      return metrics;
    }
    double squared = r.getDouble(1);
    double mean = r.getDouble(3) / n;
    double total = r.getDouble(4) - n * mean * mean;
    metrics.put("rmse", Math.sqrt(squared / n));
    metrics.put("mae", r.getDouble(2) / n);
    metrics.put("r2", 1 - squared / total);
    return metrics;
  }

  private static String label(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value) : Double.toString(value);
  }

  private static void requireColumns(Dataset<?> data, String... columns) {
    List<String> has = List.of(data.columns());
    for (String column : columns) {
      if (!has.contains(column)) {
        throw new IllegalArgumentException("The predictions have no column '" + column
            + "'; they have " + String.join(", ", has));
      }
    }
  }
}
