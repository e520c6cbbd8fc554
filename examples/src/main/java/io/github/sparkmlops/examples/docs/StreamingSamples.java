package io.github.sparkmlops.examples.docs;

import io.github.sparkmlops.MLOps;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The docs' sample of reporting a stream's distribution with {@link MLOps#observe}. */
final class StreamingSamples {

  private StreamingSamples() {}

  static void observe(SparkSession spark, PipelineModel model, StructType schema, String in,
      String checkpoint, String out) throws TimeoutException {
    // sample: observe
    MLOps mlops = MLOps.init(spark);
    Dataset<Row> predictions = model.transform(spark.readStream().schema(schema).parquet(in));
    mlops.observe(predictions, "predictions", "prediction", "probability")  // or no columns: all
        .writeStream().queryName("scoring").option("checkpointLocation", checkpoint)
        .format("parquet").start(out);
    // end sample: observe
  }
}
