package io.github.sparkmlops.fault;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.run.FlushReport;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * Reports three stats on a runtime whose classpath lacks the Parquet writer ({@code
 * parquet-hadoop}): {@code <store>}. Prints how long {@code flush(120 s)} took and the reports of
 * the flush, of a moment later, and of {@code done()}.
 */
public final class NoParquetWriterMain {

  private NoParquetWriterMain() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("no-parquet-writer")
        .config("spark.ui.enabled", "false")
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .config(MLOpsConfig.STORE, args[0])
        .config(MLOpsConfig.FLUSH_MAX_BACKOFF, "1s")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("a", 1).setStat("b", 2).setStat("c", 3);
    long start = System.nanoTime();
    FlushReport flushed = mlops.flush(Duration.ofSeconds(120));
    System.out.println("FLUSH_SECONDS " + (System.nanoTime() - start) / 1_000_000_000L);
    System.out.println("FLUSHED " + flushed);
    Thread.sleep(3_000);
    System.out.println("LATER " + mlops.status());
    System.out.println("DONE " + mlops.done());
    spark.stop();
  }
}
