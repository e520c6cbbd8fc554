package io.github.sparkmlops.examples;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.run.FlushReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The streaming demo: an inference stream watched for drift against its model's training data.
 *
 * <ul>
 *   <li><b>Training.</b> A logistic regression is trained on the fly; its training data is
 *       profiled ({@code training}) and the model published with it, so that the version's
 *       training profile is its drift baseline.
 *   <li><b>Inference.</b> A file-source stream scores the files that arrive in an input folder, one
 *       file per micro-batch. {@code mlops.health().monitor(...)} compares every batch's features
 *       with the published version's training profile (and with the batch before it) and writes
 *       the result to the {@code drift} table, with a {@code DATA_ALERT} in the batch where the
 *       drift starts; {@link MLOps#observe} reports the distribution of the features and
 *       predictions of every batch, plus the share of positive predictions ({@code
 *       positives.share}). From the fourth file on, the incoming x1 drifts.
 * </ul>
 *
 * At the end it prints each batch's positive share and drifted columns, and the drift alerts, read
 * back from the store.
 */
public final class StreamingJob {

  private static final int FILES = 6;
  private static final int DRIFT_FROM = 3;
  private static final StructType FEATURES = new StructType()
      .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType);

  private StreamingJob() {}

  public static void main(String[] args) throws Exception {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("spark-mlops-streaming")
        .config(conf);
    if (!conf.contains("spark.master")) {
      builder.master("local[2]").config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2");
    }
    SparkSession spark = builder.getOrCreate();
    MLOps mlops = MLOps.init(spark);
    Path work = Files.createTempDirectory("spark-mlops-streaming-");
    Path input = Files.createDirectories(work.resolve("input"));

    Dataset<Row> training = batch(spark, 20_000, 0.0, 1);
    mlops.setDataDistributionStat("training", training.select("x1", "x2"));
    ModelVersion version = mlops.publishModel("streaming-demo", train(training));
    StreamingQuery inference = startInference(spark, mlops, version, input, work);

    for (int file = 0; file < FILES; file++) {
      double shift = file >= DRIFT_FROM ? 1.5 : 0.0;
      batch(spark, 2_000, shift, 100 + file).coalesce(1).write().mode("append")
          .parquet(input.toString());
      inference.processAllAvailable();
    }
    inference.stop();
    // the listener reports the last batches once the query has ended: done() waits for them
    FlushReport report = mlops.done();
    print(spark, mlops, inference);
    System.out.println("spark-mlops streaming demo: " + report);
    System.out.println("report: " + mlops.report().write(DemoJob.reportBeside(mlops.storeRoot())));
    spark.stop();
    // the input files, the query's checkpoint and its output were scratch: the store keeps the rest
    deleteTree(work);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Synthetic rows: two features, the label mostly x1 + x2 > 0; {@code shift} moves x1. */
  private static Dataset<Row> batch(SparkSession spark, long rows, double shift, long seed) {
    return spark.range(rows).selectExpr(
        "randn(" + seed + ") + " + shift + " AS x1",
        "randn(" + (seed + 1) + ") AS x2")
        .withColumn("label", functions.expr(
            "CAST(x1 + x2 + 0.5 * randn(" + (seed + 2) + ") > 0 AS DOUBLE)"));
  }

  private static PipelineModel train(Dataset<Row> training) {
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
        new LogisticRegression().setMaxIter(20)}).fit(training);
  }

  private static StreamingQuery startInference(SparkSession spark, MLOps mlops,
      ModelVersion version, Path input, Path work) throws Exception {
    PipelineModel model = mlops.loadModel(version.uri(), PipelineModel.class);
    Dataset<Row> scored = model.transform(spark.readStream().schema(FEATURES)
        .option("maxFilesPerTrigger", 1).parquet(input.toString()));
    // drift of the features from the version's training profile, per batch
    Dataset<Row> watched = mlops.health().monitor(scored, version.uri(), "x1", "x2");
    Dataset<Row> reported = mlops.observe(watched, "predictions", "x1", "x2", "prediction")
        .observe("positives", functions.avg("prediction").as("share"));
    return reported.select("x1", "x2", "prediction").writeStream().queryName("inference")
        .option("checkpointLocation", work.resolve("inference-checkpoint").toString())
        .trigger(Trigger.ProcessingTime("500 milliseconds"))
        .format("parquet").start(work.resolve("predictions").toString());
  }

  private static void print(SparkSession spark, MLOps mlops, StreamingQuery inference) {
    String query = "query_id = '" + inference.id() + "'";
    System.out.println("store: " + mlops.storeRoot());
    System.out.println("inference batches (positive share, rows profiled, columns drifted):");
    List<Row> batches = spark.read().format("mlops").option("store", mlops.storeRoot()).load()
        .where(query + " AND name IN ('positives.share', 'predictions.rows')")
        .groupBy("batch_id")
        .pivot("name", List.<Object>of("positives.share", "predictions.rows"))
        .agg(functions.first("value"))
        .orderBy("batch_id").collectAsList();
    Dataset<Row> drift = spark.read().format("mlops").option("store", mlops.storeRoot())
        .option("table", "drift").load()
        .where(query + " AND drift_type = 'BASELINE'");
    for (Row b : batches) {
      List<String> drifted = drift.where("drifted AND batch_id = " + b.getLong(0))
          .orderBy("column_name").select("column_name").as(Encoders.STRING()).collectAsList();
      System.out.printf(Locale.ROOT, "  batch %d  share %.2f  rows %.0f  drifted %s%n",
          b.getLong(0), b.getDouble(1), b.getDouble(2), drifted);
    }
    System.out.println("drift alerts:");
    for (Row a : spark.read().format("mlops").option("store", mlops.storeRoot())
        .option("table", "events").load()
        .where("type = 'DATA_ALERT' AND " + query)
        .orderBy("time").select("batch_id", "title", "message").collectAsList()) {
      System.out.printf(Locale.ROOT, "  batch %d: %s. %s%n", a.getLong(0), a.getString(1),
          a.getString(2));
    }
  }
}
