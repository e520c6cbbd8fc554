package io.github.sparkmlops.examples.docs;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** The docs' samples of reading the store back, as a batch and as a stream. */
final class ReadingSamples {

  private ReadingSamples() {}

  static void readBatch(SparkSession spark) {
    // sample: read-batch
    Dataset<Row> loss = spark.read().format("mlops")             // table "stats" by default
        .option("name", "training.loss").option("start", "2026-11-01").load()
        .where("node = 'training'").orderBy("time");
    Dataset<Row> alerts = spark.read().format("mlops").option("table", "events").load().where("is_alert");
    Dataset<Row> config = spark.read().format("mlops").option("latest", "true").load()
        .where("category = 'CONFIG'");                          // the current value of each setting
    // end sample: read-batch
  }

  static StreamingQuery readStream(SparkSession spark) throws TimeoutException {
    // sample: read-stream
    StreamingQuery alerts = spark.readStream().format("mlops")
        .option("table", "events").option("mlapp", "fraud-scoring")
        .load()
        .where("is_alert")
        .writeStream().format("console")
        .option("checkpointLocation", "/checkpoints/alerts")
        .trigger(Trigger.AvailableNow())        // or a processing-time trigger to tail the store
        .start();
    // end sample: read-stream
    return alerts;
  }
}
