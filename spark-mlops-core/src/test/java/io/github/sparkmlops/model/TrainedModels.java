package io.github.sparkmlops.model;

import io.github.sparkmlops.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small real MLlib pipelines, trained once per test JVM, and the data they were trained on. */
public final class TrainedModels {

  public static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType)
      .add("x1", DataTypes.DoubleType)
      .add("x2", DataTypes.DoubleType);

  private static Dataset<Row> data;
  private static PipelineModel classifier;
  private static PipelineModel regressor;

  private TrainedModels() {}

  /** 400 rows: label 1 when x1 + x2 plus noise is positive. */
  public static synchronized Dataset<Row> data() {
    if (data == null) {
      Random random = new Random(7);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        double x1 = random.nextGaussian();
        double x2 = random.nextGaussian();
        rows.add(RowFactory.create(x1 + x2 + 0.5 * random.nextGaussian() > 0 ? 1.0 : 0.0, x1, x2));
      }
      data = TestSpark.session().createDataFrame(rows, SCHEMA).cache();
    }
    return data;
  }

  /** Assembler + logistic regression. */
  public static synchronized PipelineModel classifier() {
    if (classifier == null) {
      classifier = withoutSummary(pipeline(new LogisticRegression().setMaxIter(20)).fit(data()));
    }
    return classifier;
  }

  /** Assembler + linear regression on x1 predicting x2 + label. */
  static synchronized PipelineModel regressor() {
    if (regressor == null) {
      regressor = withoutSummary(pipeline(new LinearRegression().setMaxIter(10)).fit(data()));
    }
    return regressor;
  }

  /**
   * The model as saved and loaded back, without the training summary a fitted model keeps. The
   * summary holds the SparkSession, which Spark 4.1 can no longer serialize once any test of the
   * JVM used {@code Dataset.observe} (its observation manager is not serializable), and the model's
   * prediction function captures the model, summary included: every later {@code transform} would
   * fail with "Task not serializable", depending on which tests ran before.
   */
  private static PipelineModel withoutSummary(PipelineModel fitted) {
    Path folder = TestSpark.newStoreRoot("trained model");
    try {
      fitted.write().save(folder.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PipelineModel.load(folder.toString());
  }

  private static Pipeline pipeline(PipelineStage learner) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
        learner});
  }

  /** The predictions of a model on the training data, in row order, as (label, prediction). */
  public static List<Row> predictions(PipelineModel model) {
    return model.transform(data()).select("x1", "x2", "prediction").orderBy("x1").collectAsList();
  }
}
