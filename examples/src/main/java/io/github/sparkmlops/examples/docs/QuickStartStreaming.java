package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The one-minute start with Structured Streaming: a stream whose every micro-batch reports the
 * distribution of a column. {@code DocSamplesRunTest} runs it.
 */
public final class QuickStartStreaming {

  private QuickStartStreaming() {}

  /** Runs the stream to the end of what its source has now, checkpointed in {@code checkpoint}. */
  public static void run(SparkSession spark, String checkpoint)
      throws TimeoutException, StreamingQueryException {
    // sample: quickstart-streaming
    MLOps mlops = MLOps.init(spark);       // also reports every streaming query's progress
    Dataset<Row> scores = spark.readStream().format("rate-micro-batch")
        .option("rowsPerBatch", 1000).load()
        .selectExpr("value", "rand() AS score");
    StreamingQuery query = mlops.observe(scores, "scores", "score")  // a profile of score per batch
        .writeStream().queryName("scoring").format("noop")
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())   // what the source has now, then stop
        .start();
    query.awaitTermination();
    mlops.done();                          // waits for the last batch's stats

    spark.read().format("mlops").load()
        .where("name = 'scores.rows'").select("batch_id", "value").show();
    // end sample: quickstart-streaming
  }
}
