package io.github.sparkmlops.internal.compat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.spark.sql.RuntimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place where the library uses a Spark internal that differs between Spark lines or is
 * missing on a vendor runtime (Databricks, Photon), and the public-API path it falls back to.
 *
 * <p>The internal path is taken while it works. When it fails to link (a {@link LinkageError}:
 * the class, constructor or method is not what this jar was built against), the caller reports
 * it with {@link #unavailable}, which logs once at INFO per JVM, and every later call in this JVM
 * takes the fallback. {@code spark.mlops.fallback.<name>=true} forces the fallback, so that tests
 * keep both paths correct and a user can step around an internal path that misbehaves.
 */
public enum SparkSeam {

  /** Reading a data file in {@code format("mlops")}. */
  PARQUET_READER("parquetReader", "Spark's vectorized Parquet reader",
      "Delta Kernel's Parquet reader"),

  /** {@code DataProfiler.profile(df)}. */
  PROFILE_JOB("profileJob", "a profile job over the physical plan's column batches",
      "the profile as a Catalyst aggregate (df.agg)"),

  /** The Hadoop configuration of a run started from a {@code SparkConf} (the listener). */
  HADOOP_CONF("hadoopConf", "SparkHadoopUtil's configuration",
      "a Hadoop configuration with the spark.hadoop.* settings"),

  /** Draining the listener's reports at {@code done()}. */
  LISTENER_BUS("listenerBus", "waiting for Spark's listener bus to empty",
      "waiting for the jobs the listener saw start to end");

  /** The prefix of the settings that force a fallback. */
  public static final String FALLBACK_PREFIX = "spark.mlops.fallback.";

  private static final Logger LOG = LoggerFactory.getLogger(SparkSeam.class);

  private final String setting;
  private final String internal;
  private final String fallback;
  private final AtomicBoolean unavailable = new AtomicBoolean();

  SparkSeam(String name, String internal, String fallback) {
    this.setting = FALLBACK_PREFIX + name;
    this.internal = internal;
    this.fallback = fallback;
  }

  /** The setting that forces the fallback, e.g. {@code spark.mlops.fallback.parquetReader}. */
  public String setting() {
    return setting;
  }

  /**
   * Whether {@code conf} forces the fallback.
   *
   * @throws IllegalArgumentException if the setting is neither true nor false
   */
  public boolean forced(Function<String, Optional<String>> conf) {
    String value = conf.apply(setting).map(String::trim).orElse("false");
    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
      throw new IllegalArgumentException(setting + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /**
   * Whether a session's configuration forces the fallback; read where the setting may change
   * between calls (a scan, a profile).
   *
   * @throws IllegalArgumentException if the setting is neither true nor false
   */
  public boolean forced(RuntimeConfig session) {
    return forced(key -> Optional.ofNullable(session.get(key, null)));
  }

  /** Whether to take the internal path: not forced off, and not found broken in this JVM. */
  public boolean useInternal(boolean forced) {
    return !forced && !unavailable.get();
  }

  /** Whether this JVM found the internal path not to link, and takes the fallback. */
  public boolean fellBack() {
    return unavailable.get();
  }

  /**
   * Records that the internal path does not link here: logged once at INFO, and this JVM takes
   * the fallback from now on.
   */
  public void unavailable(Throwable why) {
    if (unavailable.compareAndSet(false, true)) {
      LOG.info("spark-mlops: {} is not available on this runtime ({}); using {} instead",
          internal, why.toString(), fallback);
    }
  }
}
