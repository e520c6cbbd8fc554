package io.github.sparkmlops.examples;

import io.github.sparkmlops.MLOps;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The smallest job that commits to a store, run by {@link LogStoreAssemblyIT} in a child JVM
 * against the assembly jar. It writes one stat to each store it is given, each with its own
 * {@code io.delta.kernel.logStore.file.impl} in the Hadoop configuration, in one JVM because
 * starting Spark is most of the cost.
 */
public final class LogStoreProbe {

  /** Kernel's documented key for the log store of {@code file:} paths. */
  static final String KEY = "io.delta.kernel.logStore.file.impl";

  /** What stands for "leave the key unset" in the arguments. */
  static final String UNSET = "-";

  private LogStoreProbe() {}

  /**
   * Takes pairs {@code <store root> <log store class, or ->}; for each, sets or unsets the key,
   * writes one stat and prints {@code <store root>: <flush report>}.
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("logstore-probe")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      for (int i = 0; i + 1 < args.length; i += 2) {
        spark.conf().set("spark.mlops.store", args[i]);
        if (UNSET.equals(args[i + 1])) {
          hadoop.unset(KEY);
        } else {
          hadoop.set(KEY, args[i + 1]);
        }
        MLOps mlops = MLOps.init(spark);
        mlops.setStat("probe", 1.0);
        System.out.println(args[i] + ": " + mlops.done());
      }
    } finally {
      spark.stop();
    }
  }
}
