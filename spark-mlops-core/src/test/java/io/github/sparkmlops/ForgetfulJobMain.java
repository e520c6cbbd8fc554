package io.github.sparkmlops;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import org.apache.spark.sql.SparkSession;

/** A job that reports stats and exits without calling done() or stopping Spark. */
public final class ForgetfulJobMain {

  private ForgetfulJobMain() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("forgetful")
        .config("spark.ui.enabled", "false")
        .config(MLOpsConfig.STORE, args[0])
        .config(MLOpsConfig.FLUSH_INTERVAL, "1h")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    int count = Integer.parseInt(args[1]);
    for (int i = 0; i < count; i++) {
      mlops.setStat("forgotten", i);
    }
    mlops.systemAlert("exiting", "without done()");
    System.exit(0);
  }
}
