package io.github.sparkmlops.sql;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link AsciiLocaleTest} in a JVM whose locale is C: tries a store path with a non-ASCII
 * character (built here, since the command line of such a JVM cannot carry one) through {@code
 * MLOps.init} and {@code format("mlops")}, then a store path of ASCII characters through both.
 * Prints one line per outcome.
 */
public final class AsciiLocaleMain {

  private AsciiLocaleMain() {}

  /** {@code args[0]}: a folder (ASCII path) to put both stores in. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[1]")
        .config("spark.ui.enabled", "false")
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .config(MLOpsConfig.MAINTENANCE_ENABLED, "false")
        .getOrCreate();
    System.out.println("ENCODING " + System.getProperty("sun.jnu.encoding"));
    String accented = args[0] + "/store \u00e9";
    spark.conf().set(MLOpsConfig.STORE, accented);
    try {
      MLOps.init(spark).done();
      System.out.println("INIT accepted");
    } catch (IllegalArgumentException e) {
      System.out.println("INIT refused: " + e.getMessage());
    } catch (RuntimeException e) {
      System.out.println("INIT failed: " + e);
    }
    spark.conf().unset(MLOpsConfig.STORE);
    try {
      spark.read().format("mlops").option("store", accented).load().count();
      System.out.println("READ accepted");
    } catch (IllegalArgumentException e) {
      System.out.println("READ refused: " + e.getMessage());
    } catch (RuntimeException e) {
      System.out.println("READ failed: " + e);
    }

    String ascii = args[0] + "/store";
    spark.conf().set(MLOpsConfig.STORE, ascii);
    System.out.println("ASCII " + MLOps.init(spark).setStat("x", 1).done());
    System.out.println("ASCII rows " + spark.read().format("mlops").option("store", ascii).load()
        .count());
    spark.stop();
  }
}
