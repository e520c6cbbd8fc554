package io.github.sparkmlops.fault;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark application running a file-source streaming query reported through the listener, for
 * the stream kill test. One input file per micro-batch; the query "scores" each row (x * 2) and
 * reports the predictions' profile per batch with {@link MLOps#observe}.
 *
 * <p>Arguments: {@code <store root> <input> <checkpoint> <output> <stall x>}. The row whose x is
 * {@code <stall x>} stalls its task (after creating {@code <checkpoint>.stalled}), so the test can
 * kill the JVM in the middle of that batch; a negative value stalls nothing and the query runs
 * through what the input holds ({@code Trigger.AvailableNow}) and ends with {@code MLOps.done()}.
 */
public final class StreamQueryMain {

  private StreamQueryMain() {}

  public static void main(String[] args) throws Exception {
    FaultWriterMain.exitWithParent();
    String root = args[0];
    String input = args[1];
    String checkpoint = args[2];
    String output = args[3];
    double stallX = Double.parseDouble(args[4]);
    String stalled = checkpoint + ".stalled"; // a String: the UDF is serialized to the task
    SparkSession spark = SparkSession.builder().master("local[2]").appName("stream-kill")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config(MLOpsConfig.STORE, root)
        .config(MLOpsConfig.FLUSH_INTERVAL, "100ms")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    UDF1<Double, Double> score = x -> {
      if (x == stallX) {
        Files.createFile(Path.of(stalled));
        Thread.sleep(600_000);
      }
      return x * 2;
    };
    spark.udf().register("score", score, DataTypes.DoubleType);
    StructType schema = new StructType().add("x", DataTypes.DoubleType);
    Dataset<Row> scored = spark.readStream().schema(schema).option("maxFilesPerTrigger", 1)
        .parquet(input)
        .withColumn("prediction", functions.callUDF("score", functions.col("x")));
    mlops.observe(scored, "predictions", "prediction").writeStream().queryName("scoring")
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())
        .format("parquet").start(output)
        .awaitTermination();
    mlops.done();
    spark.stop();
    System.out.println("DONE");
  }
}
