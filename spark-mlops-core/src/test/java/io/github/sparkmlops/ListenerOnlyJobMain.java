package io.github.sparkmlops;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.RunIdentity;
import org.apache.spark.sql.SparkSession;

/**
 * A job with no spark-mlops code, recorded through {@code spark.extraListeners} and {@code
 * spark.sql.queryExecutionListeners} alone, named and tagged by configuration as an orchestrator
 * would, under a Databricks job run: it writes a Parquet folder ({@code args[1]}) and reads it
 * back. It stops Spark and then halts the JVM at once, skipping every shutdown hook: what is in
 * the store then was committed before {@code spark.stop()} returned.
 */
public final class ListenerOnlyJobMain {

  private ListenerOnlyJobMain() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("listener-only")
        .config("spark.ui.enabled", "false")
        .config("spark.extraListeners", MLOpsListener.class.getName())
        .config("spark.sql.queryExecutionListeners", MLOpsQueryListener.class.getName())
        .config(MLOpsConfig.STORE, args[0])
        .config(MLOpsConfig.FLUSH_INTERVAL, "1h")
        .config(RunIdentity.NAME, "listener only")
        .config(RunIdentity.TAG_PREFIX + "git.commit", "4f2a9c1")
        .config("spark.databricks.job.parentRunId", "3851395623902519743")
        .getOrCreate();
    spark.range(1000).selectExpr("id % 7 AS k").write().parquet(args[1]);
    spark.read().parquet(args[1]).groupBy("k").count().collectAsList();
    spark.stop();
    Runtime.getRuntime().halt(0);
  }
}
