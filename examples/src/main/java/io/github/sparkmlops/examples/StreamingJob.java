package io.github.sparkmlops.examples;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The streaming demo: an inference stream and a monitor stream in one application, with the
 * embedded store between them.
 *
 * <ul>
 *   <li><b>Inference.</b> A logistic regression is trained on the fly; a file-source stream scores
 *       the files that arrive in an input folder, one file per micro-batch, and {@link
 *       MLOps#observe} reports the distribution of the features and predictions of every batch
 *       (profile {@code predictions}, histograms {@code predictions.<column>}) plus the share of
 *       positive predictions ({@code positives.share}). From the fourth file on, the incoming data
 *       drifts.
 *   <li><b>Monitor</b> (ParallelM's canary pattern). A second stream reads the store as it grows,
 *       {@code spark.readStream().format("mlops")}, and raises a {@code CANARY_ALERT} for every
 *       inference batch whose positive share crosses a threshold.
 * </ul>
 *
 * At the end it prints each batch's positive share and the alerts, read back from the store.
 */
public final class StreamingJob {

  private static final int FILES = 6;
  private static final int DRIFT_FROM = 3;
  private static final double THRESHOLD = 0.6;
  private static final StructType FEATURES = new StructType()
      .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType);

  private StreamingJob() {}

  public static void main(String[] args) throws Exception {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("spark-mlops-streaming")
        // stats reach the store within a second, so the monitor sees them soon
        .config("spark.mlops.flush.interval", "1s")
        .config(conf);
    if (!conf.contains("spark.master")) {
      builder.master("local[2]").config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2");
    }
    SparkSession spark = builder.getOrCreate();
    MLOps mlops = MLOps.init(spark);
    Path work = Files.createTempDirectory("spark-mlops-streaming-");
    Path input = Files.createDirectories(work.resolve("input"));

    PipelineModel model = train(spark);
    StreamingQuery monitor = startMonitor(spark, mlops, work.resolve("monitor-checkpoint"));
    StreamingQuery inference = startInference(spark, mlops, model, input, work);

    for (int file = 0; file < FILES; file++) {
      double shift = file >= DRIFT_FROM ? 1.5 : 0.0;
      batch(spark, 2_000, shift, 100 + file).coalesce(1).write().mode("append")
          .parquet(input.toString());
      inference.processAllAvailable();
    }
    // the last batches' stats into the store, then let the monitor read them
    mlops.flush();
    monitor.processAllAvailable();
    inference.stop();
    monitor.stop();
    mlops.flush();
    print(spark, mlops, inference);
    System.out.println("spark-mlops streaming demo: " + mlops.done());
    spark.stop();
  }

  /** Synthetic rows: two features, the label mostly x1 + x2 > 0; {@code shift} moves x1. */
  private static Dataset<Row> batch(SparkSession spark, long rows, double shift, long seed) {
    return spark.range(rows).selectExpr(
        "randn(" + seed + ") + " + shift + " AS x1",
        "randn(" + (seed + 1) + ") AS x2")
        .withColumn("label", functions.expr(
            "CAST(x1 + x2 + 0.5 * randn(" + (seed + 2) + ") > 0 AS DOUBLE)"));
  }

  private static PipelineModel train(SparkSession spark) {
    Dataset<Row> training = batch(spark, 20_000, 0.0, 1);
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
        new LogisticRegression().setMaxIter(20)}).fit(training);
  }

  private static StreamingQuery startInference(SparkSession spark, MLOps mlops,
      PipelineModel model, Path input, Path work) throws Exception {
    Dataset<Row> scored = model.transform(spark.readStream().schema(FEATURES)
        .option("maxFilesPerTrigger", 1).parquet(input.toString()));
    Dataset<Row> reported = mlops.observe(scored, "predictions", "x1", "x2", "prediction")
        .observe("positives", functions.avg("prediction").as("share"));
    return reported.select("x1", "x2", "prediction").writeStream().queryName("inference")
        .option("checkpointLocation", work.resolve("inference-checkpoint").toString())
        .trigger(Trigger.ProcessingTime("500 milliseconds"))
        .format("parquet").start(work.resolve("predictions").toString());
  }

  /** Raises a canary alert for every inference batch whose positive share is above the threshold. */
  private static StreamingQuery startMonitor(SparkSession spark, MLOps mlops, Path checkpoint)
      throws Exception {
    Dataset<Row> shares = spark.readStream().format("mlops").option("store", mlops.storeRoot())
        .load()
        .where("name = 'positives.share' AND query_name = 'inference'")
        .select("batch_id", "value");
    VoidFunction2<Dataset<Row>, Long> alert = (rows, monitorBatch) -> {
      for (Row row : rows.collectAsList()) {
        double share = row.getDouble(1);
        if (share > THRESHOLD) {
          mlops.event(Event.builder(EventType.CANARY_ALERT, "positive share above " + THRESHOLD)
              .severity(Severity.WARNING)
              .message(String.format(Locale.ROOT, "inference batch %d predicted %.2f positive",
                  row.getLong(0), share))
              .build());
        }
      }
    };
    return shares.writeStream().queryName("monitor")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.ProcessingTime("500 milliseconds"))
        .foreachBatch(alert).start();
  }

  private static void print(SparkSession spark, MLOps mlops, StreamingQuery inference) {
    String query = "query_id = '" + inference.id() + "'";
    System.out.println("store: " + mlops.storeRoot());
    System.out.println("inference batches (positive share, rows profiled):");
    List<Row> batches = spark.read().format("mlops").option("store", mlops.storeRoot()).load()
        .where(query + " AND name IN ('positives.share', 'predictions.rows')")
        .groupBy("batch_id")
        .pivot("name", List.<Object>of("positives.share", "predictions.rows"))
        .agg(functions.first("value"))
        .orderBy("batch_id").collectAsList();
    for (Row b : batches) {
      System.out.printf(Locale.ROOT, "  batch %d  share %.2f  rows %.0f%n", b.getLong(0),
          b.getDouble(1), b.getDouble(2));
    }
    System.out.println("canary alerts:");
    for (Row a : spark.read().format("mlops").option("store", mlops.storeRoot())
        .option("table", "events").load()
        .where("type = 'CANARY_ALERT' AND run_id = '" + mlops.context().runId() + "'")
        .orderBy("time").select("message").collectAsList()) {
      System.out.println("  " + a.getString(0));
    }
  }
}
