package io.github.sparkmlops.internal.config;

import io.github.sparkmlops.health.DriftMethod;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.store.StoreWriters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every {@code spark.mlops.*} setting, in one list: the unknown-key warning of {@link MLOpsConfig}
 * checks keys against it, and {@code docs/reference/configuration.md} is generated from it
 * ({@code ReferencePagesTest}), so the keys, their defaults and their documentation cannot drift
 * apart. The keys themselves stay constants of the classes that read them ({@link MLOpsConfig},
 * {@link RunIdentity}, {@link HealthSettings}, {@link StoreWriters}, {@link SparkSeam}).
 *
 * <p>Tests keep the list whole and true: every {@code "spark.mlops.} literal in the main sources
 * must be listed, and every listed default must read as what an unset key gives.
 */
public final class ConfigKeys {

  /** The prefix of every setting of this library. */
  public static final String PREFIX = "spark.mlops.";

  /** Every setting, in the order the reference page lists them. */
  public static final List<ConfigKey> ALL = List.of(
      bool(MLOpsConfig.ENABLED, true,
          "`false` turns every call into a validated no-op. Nothing is written."),
      new ConfigKey(MLOpsConfig.STORE, ConfigKey.Type.PATH, List.of(), Optional.empty(),
          "`<spark.sql.warehouse.dir>/mlops`", "",
          "The store root. Any Hadoop filesystem URI works: a local path, HDFS, S3, ABFS, DBFS, "
              + "or a UC volume."),
      text(MLOpsConfig.MLAPP, "the application name",
          "The ML application stored on every record."),
      text(MLOpsConfig.PIPELINE, "the application name", "The pipeline."),
      text(MLOpsConfig.NODE, "the application name",
          "The pipeline node, such as training or inference."),
      text(RunIdentity.PARENT, "none (on Databricks, the job run)",
          "The id of the run that started this one: an Airflow DAG run id, an orchestrator's job "
              + "run id. At most 256 characters. The `runs` view's `parent_run_id`."),
      text(RunIdentity.NAME, "none",
          "A name for the run, such as `nightly churn`. The `runs` view's `name`."),
      text(RunIdentity.TAG_PREFIX + "<key>", "none",
          "A tag of the run, such as `spark.mlops.run.tags.git.commit=4f2a9c1`. The key is at "
              + "most " + RunIdentity.MAX_TAG_KEY_LENGTH + " characters. The `runs` view's `tags`."),
      integer(MLOpsConfig.BUFFER_CAPACITY, 100_000, "records",
          "The most records that can be acknowledged but not yet written."),
      duration(MLOpsConfig.OFFER_TIMEOUT, "10s",
          "How long a report waits for room in a full buffer before the record is dropped and "
              + "counted."),
      duration(MLOpsConfig.FLUSH_INTERVAL, "10s",
          "How often buffered records are written without being asked. A buffer more than half "
              + "full is written at once."),
      duration(MLOpsConfig.FLUSH_TIMEOUT, "60s", "How long `flush()` waits."),
      duration(MLOpsConfig.FLUSH_MAX_BACKOFF, "30s",
          "The longest wait between retries of a failed commit. The first wait is 250 ms, and "
              + "each later wait doubles."),
      integer(MLOpsConfig.FLUSH_MAX_RECORDS_PER_COMMIT, 1_000_000, "records",
          "The most records in one Delta commit."),
      duration(MLOpsConfig.DONE_TIMEOUT, "60s",
          "How long `done()`, the JVM shutdown hook, and `spark.stop()` (for the listener's last "
              + "records) keep retrying."),
      bool(MLOpsConfig.LISTENER_ENABLED, true,
          "Whether `MLOps.init` installs an `MLOpsListener` when none is registered. A listener "
              + "named in `spark.extraListeners` runs regardless."),
      bool(MLOpsConfig.LISTENER_STAGES, false,
          "Whether the listener also records per-stage stats."),
      integer(MLOpsConfig.LISTENER_QUEUE_CAPACITY, 10_000, "reports",
          "The most reports the listener holds for its thread. Beyond that, reports are dropped "
              + "and counted."),
      bool(MLOpsConfig.LINEAGE_ENABLED, true,
          "Whether `MLOps.init` registers an `MLOpsQueryListener` to record what each query reads "
              + "and writes in the `lineage` table; independent of `"
              + MLOpsConfig.LISTENER_ENABLED + "`. Streaming queries' sources and sinks are "
              + "recorded per batch by the Spark listener, so they need both."),
      bool(MLOpsConfig.MAINTENANCE_ENABLED, true,
          "Whether store maintenance also runs by itself in the background. `false` turns the "
              + "background runs off; `MLOps.maintain()` still works."),
      duration(MLOpsConfig.MAINTENANCE_INTERVAL, "1h",
          "The time between background runs. The first run comes one interval after `MLOps.init` "
              + "(or the listener's start)."),
      new ConfigKey(MLOpsConfig.MAINTENANCE_TARGET_FILE_SIZE, ConfigKey.Type.SIZE, List.of(),
          Optional.of("128m"), "", "bytes when no suffix is given",
          "Compaction writes files of about this size (Spark size strings: `512k`, `64m`, `1g`). "
              + "Smaller files are candidates."),
      integer(MLOpsConfig.MAINTENANCE_MIN_FILES, 10, "files",
          "A date partition is compacted once it holds this many files smaller than the target."),
      duration(MLOpsConfig.MAINTENANCE_FILE_RETENTION, "7d",
          "Files that compaction replaced are deleted once they were replaced this long ago, and "
              + "untracked files once they are this old, as are `model_files/` folders no version "
              + "names. Maintenance sets it as the tables' `delta.deletedFileRetentionDuration` "
              + "when it runs."),
      duration(MLOpsConfig.MAINTENANCE_LOG_RETENTION, "30d",
          "Commits older than this are removed from the log once a newer checkpoint exists. "
              + "Maintenance sets it as the tables' `delta.logRetentionDuration` when it runs."),
      integer(MLOpsConfig.MAINTENANCE_CHECKPOINT_INTERVAL, 10, "commits",
          "A checkpoint every this many commits. Maintenance sets it as the tables' "
              + "`delta.checkpointInterval` when it runs; until then a table keeps its own (Delta's "
              + "default: 10)."),
      choice(StoreWriters.SETTING,
          Arrays.stream(StoreWriters.values()).map(StoreWriters::value).toList(),
          StoreWriters.CONDITIONAL.value(),
          "How a store is made safe for several writing applications. On S3: `conditional` "
              + "(conditional PUT; one writer only, with a warning, where S3A cannot send it), "
              + "`single` (Kernel's one-driver log store) or `dynamodb` (Delta's "
              + "`S3DynamoDBLogStore`). On a local folder without hard links or safe renames, "
              + "`single` lets the store be written as by one writer. Other filesystems ignore it."),
      new ConfigKey(HealthSettings.DRIFT_SHARE, ConfigKey.Type.DOUBLE, List.of(),
          Optional.of("0.5"), "", "share of columns",
          "The share of drifted columns at which a Dataset counts as drifted, in (0, 1]."),
      choice(HealthSettings.NUMERIC_METHOD, methods(false), "auto",
          "The drift method of numeric columns: `auto` (Evidently's choice) or a method's key."),
      choice(HealthSettings.CATEGORICAL_METHOD, methods(true), "auto",
          "The same for categorical columns (not the methods that compare numbers only)."),
      new ConfigKey(HealthSettings.THRESHOLD_PREFIX + "<method>", ConfigKey.Type.DOUBLE,
          List.of(), Optional.empty(), "0.05 (`ks`, `chisquare`), 0.1 (others)", "",
          "A method's threshold: a p-value in (0, 1) for the tests, a distance above 0 for the "
              + "others."),
      integer(HealthSettings.SMALL_BASELINE_ROWS, 1000, "rows",
          "Up to this many baseline values in a column, `auto` takes the tests (KS, chi-square); "
              + "above, the distances."),
      text(HealthSettings.ANOMALIES, "none",
          "The stats whose new points each `flush()` checks for anomalies, comma-separated."),
      bool(SparkSeam.PARQUET_READER.setting(), false,
          "`true` reads `format(\"mlops\")` files with Delta Kernel's Parquet reader instead of "
              + "Spark's. Read when a scan is planned."),
      bool(SparkSeam.PROFILE_JOB.setting(), false,
          "`true` runs `DataProfiler.profile` as one aggregate instead of its own job. Read at "
              + "each call."),
      bool(SparkSeam.LISTENER_BUS.setting(), false,
          "`true` makes `done()` wait for a quiet listener instead of Spark's listener bus."),
      bool(SparkSeam.HADOOP_CONF.setting(), false,
          "`true` builds the listener's Hadoop configuration from `spark.hadoop.*` without "
              + "`SparkHadoopUtil`."));

  private ConfigKeys() {}

  /** Whether {@code setting} is a listed key or one that a listed pattern stands for. */
  public static boolean isKnown(String setting) {
    return ALL.stream().anyMatch(k -> k.matches(setting));
  }

  /** Every listed key and pattern, for messages that must say what exists. */
  public static List<String> keys() {
    return ALL.stream().map(ConfigKey::key).toList();
  }

  private static ConfigKey bool(String key, boolean dflt, String meaning) {
    return new ConfigKey(key, ConfigKey.Type.BOOLEAN, List.of(), Optional.of(Boolean.toString(dflt)),
        "", "", meaning);
  }

  private static ConfigKey text(String key, String defaultNote, String meaning) {
    return new ConfigKey(key, ConfigKey.Type.STRING, List.of(), Optional.empty(), defaultNote, "",
        meaning);
  }

  private static ConfigKey duration(String key, String dflt, String meaning) {
    return new ConfigKey(key, ConfigKey.Type.DURATION, List.of(), Optional.of(dflt), "",
        "ms when no suffix is given", meaning);
  }

  private static ConfigKey integer(String key, int dflt, String unit, String meaning) {
    return new ConfigKey(key, ConfigKey.Type.INTEGER, List.of(), Optional.of(Integer.toString(dflt)),
        "", unit, meaning);
  }

  private static ConfigKey choice(String key, List<String> values, String dflt, String meaning) {
    return new ConfigKey(key, ConfigKey.Type.ENUM, values, Optional.of(dflt), "", "", meaning);
  }

  /** {@code auto} and the drift methods' keys: all, or those that compare categories too. */
  private static List<String> methods(boolean categorical) {
    List<String> keys = new ArrayList<>(List.of("auto"));
    Stream.of(DriftMethod.values()).filter(m -> !categorical || !m.numericOnly())
        .map(DriftMethod::key).forEach(keys::add);
    return keys;
  }
}
