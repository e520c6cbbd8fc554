package io.github.sparkmlops.internal.config;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.flush.FlushSettings;
import io.github.sparkmlops.internal.maintain.MaintenanceSettings;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreWriters;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spark.mlops.*} settings, read from the Spark session's configuration. Durations take
 * Spark's time strings ({@code 500ms}, {@code 10s}, {@code 2min}). A malformed value is an
 * {@link IllegalArgumentException} naming the key; a {@code spark.mlops.*} key that {@link ConfigKeys}
 * does not list is logged as a warning, since it is most likely a typo.
 *
 * @param enabled {@value #ENABLED}: false turns every call into a validated no-op
 * @param store {@value #STORE}: the store root; default {@code <spark.sql.warehouse.dir>/mlops}
 * @param mlapp {@value #MLAPP}, default the application name
 * @param pipeline {@value #PIPELINE}, default the application name
 * @param node {@value #NODE}, default the application name
 * @param identity the run's parent, name and tags ({@code spark.mlops.run.*}, and the job ids a
 *     Databricks runtime sets): see {@link RunIdentity}
 * @param flush the buffer and retry settings
 * @param flushTimeout {@value #FLUSH_TIMEOUT}: how long {@code flush()} waits, default 60s
 * @param doneTimeout {@value #DONE_TIMEOUT}: how long {@code done()} and JVM shutdown keep
 *     retrying, default 60s
 * @param offerTimeout {@value #OFFER_TIMEOUT}: how long a report waits for room in a full buffer
 *     before it is dropped, default 10s
 * @param listenerEnabled {@value #LISTENER_ENABLED}: whether {@code MLOps.init} installs an
 *     {@link MLOpsListener} when none is registered, default true (one named in {@code
 *     spark.extraListeners} runs regardless)
 * @param listenerStages {@value #LISTENER_STAGES}: whether {@link MLOpsListener} also records
 *     per-stage stats, default false
 * @param listenerQueueCapacity {@value #LISTENER_QUEUE_CAPACITY}: the most reports {@link
 *     MLOpsListener} holds for its thread before dropping (and counting) them, default 10000
 * @param lineageEnabled {@value #LINEAGE_ENABLED}: whether {@code MLOps.init} registers an {@code
 *     MLOpsQueryListener} on the session (when none is there) to record the relations each query
 *     reads and writes in the {@code lineage} table, default true; independent of {@value
 *     #LISTENER_ENABLED}
 * @param maintenance the {@code spark.mlops.maintenance.*} settings: {@value #MAINTENANCE_ENABLED}
 *     (background runs, default true), {@value #MAINTENANCE_INTERVAL} (1h), {@value
 *     #MAINTENANCE_TARGET_FILE_SIZE} (128m), {@value #MAINTENANCE_MIN_FILES} (10), {@value
 *     #MAINTENANCE_FILE_RETENTION} (7d), {@value #MAINTENANCE_LOG_RETENTION} (30d), {@value
 *     #MAINTENANCE_CHECKPOINT_INTERVAL} (10)
 * @param forcedFallbacks the seams whose public-API fallback {@code spark.mlops.fallback.<name>}
 *     forces ({@link SparkSeam}); none by default
 * @param storeWriters {@value StoreWriters#SETTING}: how an S3 store is made safe for several
 *     writers, default {@code conditional}
 * @param health the {@code spark.mlops.health.*} settings, the defaults of drift checks
 */
public record MLOpsConfig(
    boolean enabled, StoreLayout store, String mlapp, String pipeline, String node,
    RunIdentity identity, FlushSettings flush, Duration flushTimeout, Duration doneTimeout,
    Duration offerTimeout, boolean listenerEnabled, boolean listenerStages,
    int listenerQueueCapacity, boolean lineageEnabled, MaintenanceSettings maintenance,
    Set<SparkSeam> forcedFallbacks, StoreWriters storeWriters, HealthSettings health) {

  public static final String ENABLED = "spark.mlops.enabled";
  public static final String STORE = "spark.mlops.store";
  public static final String MLAPP = "spark.mlops.mlapp";
  public static final String PIPELINE = "spark.mlops.pipeline";
  public static final String NODE = "spark.mlops.node";
  public static final String BUFFER_CAPACITY = "spark.mlops.buffer.capacity";
  public static final String OFFER_TIMEOUT = "spark.mlops.buffer.offerTimeout";
  public static final String FLUSH_INTERVAL = "spark.mlops.flush.interval";
  public static final String FLUSH_TIMEOUT = "spark.mlops.flush.timeout";
  public static final String FLUSH_MAX_BACKOFF = "spark.mlops.flush.maxBackoff";
  public static final String FLUSH_MAX_RECORDS_PER_COMMIT = "spark.mlops.flush.maxRecordsPerCommit";
  public static final String DONE_TIMEOUT = "spark.mlops.done.timeout";
  public static final String LISTENER_ENABLED = "spark.mlops.listener.enabled";
  public static final String LISTENER_STAGES = "spark.mlops.listener.stages";
  public static final String LISTENER_QUEUE_CAPACITY = "spark.mlops.listener.queueCapacity";
  public static final String LINEAGE_ENABLED = "spark.mlops.lineage.enabled";
  public static final String MAINTENANCE_ENABLED = "spark.mlops.maintenance.enabled";
  public static final String MAINTENANCE_INTERVAL = "spark.mlops.maintenance.interval";
  public static final String MAINTENANCE_TARGET_FILE_SIZE = "spark.mlops.maintenance.targetFileSize";
  public static final String MAINTENANCE_MIN_FILES = "spark.mlops.maintenance.minFiles";
  public static final String MAINTENANCE_FILE_RETENTION = "spark.mlops.maintenance.fileRetention";
  public static final String MAINTENANCE_LOG_RETENTION = "spark.mlops.maintenance.logRetention";
  public static final String MAINTENANCE_CHECKPOINT_INTERVAL =
      "spark.mlops.maintenance.checkpointInterval";

  private static final Logger LOG = LoggerFactory.getLogger(MLOpsConfig.class);

  /**
   * Reads the settings.
   *
   * @param conf every configuration entry, e.g. {@code spark.conf().getAll()}
   * @param appName the default for mlapp, pipeline and node
   * @param warehouseDir the default store's parent
   */
  public static MLOpsConfig from(Map<String, String> conf, String appName, String warehouseDir) {
    conf.keySet().stream()
        .filter(k -> k.startsWith(ConfigKeys.PREFIX) && !ConfigKeys.isKnown(k))
        .forEach(k -> LOG.warn("Unknown configuration key {} (known keys: {})", k, ConfigKeys.keys()));
    Function<String, Optional<String>> get = k -> Optional.ofNullable(conf.get(k)).map(String::trim);
    FlushSettings flush = new FlushSettings(
        positiveInt(get, BUFFER_CAPACITY, 100_000),
        duration(get, FLUSH_INTERVAL, "10s"),
        Duration.ofMillis(250),
        duration(get, FLUSH_MAX_BACKOFF, "30s"),
        positiveInt(get, FLUSH_MAX_RECORDS_PER_COMMIT, 1_000_000));
    return new MLOpsConfig(
        bool(get, ENABLED, true),
        StoreRoot.resolve(Optional.empty(), get, warehouseDir),
        get.apply(MLAPP).orElse(appName),
        get.apply(PIPELINE).orElse(appName),
        get.apply(NODE).orElse(appName),
        RunIdentity.from(conf.keySet(), get),
        flush,
        duration(get, FLUSH_TIMEOUT, "60s"),
        duration(get, DONE_TIMEOUT, "60s"),
        duration(get, OFFER_TIMEOUT, "10s"),
        bool(get, LISTENER_ENABLED, true),
        bool(get, LISTENER_STAGES, false),
        positiveInt(get, LISTENER_QUEUE_CAPACITY, 10_000),
        bool(get, LINEAGE_ENABLED, true),
        new MaintenanceSettings(
            bool(get, MAINTENANCE_ENABLED, true),
            duration(get, MAINTENANCE_INTERVAL, "1h"),
            bytes(get, MAINTENANCE_TARGET_FILE_SIZE, "128m"),
            positiveInt(get, MAINTENANCE_MIN_FILES, 10),
            duration(get, MAINTENANCE_FILE_RETENTION, "7d"),
            duration(get, MAINTENANCE_LOG_RETENTION, "30d"),
            positiveInt(get, MAINTENANCE_CHECKPOINT_INTERVAL, 10)),
        Arrays.stream(SparkSeam.values()).filter(s -> s.forced(get))
            .collect(Collectors.toUnmodifiableSet()),
        get.apply(StoreWriters.SETTING).map(StoreWriters::parse).orElse(StoreWriters.CONDITIONAL),
        HealthSettings.from(conf.keySet(), get));
  }

  private static long bytes(Function<String, Optional<String>> get, String key, String dflt) {
    String v = get.apply(key).orElse(dflt);
    long n = ConfigValues.bytesOrMinusOne(v);
    if (n > 0) {
      return n;
    }
    throw new IllegalArgumentException(
        key + " must be a positive size such as 512k, 64m or 1g, got '" + v + "'");
  }

  private static boolean bool(Function<String, Optional<String>> get, String key, boolean dflt) {
    return ConfigValues.bool(key, get.apply(key).orElse(Boolean.toString(dflt)));
  }

  private static int positiveInt(Function<String, Optional<String>> get, String key, int dflt) {
    return ConfigValues.positiveInt(key, get.apply(key).orElse(Integer.toString(dflt)));
  }

  private static Duration duration(Function<String, Optional<String>> get, String key, String dflt) {
    String v = get.apply(key).orElse(dflt);
    long ms = ConfigValues.millisOrMinusOne(v);
    if (ms > 0) {
      return Duration.ofMillis(ms);
    }
    throw new IllegalArgumentException(
        key + " must be a positive duration such as 500ms, 10s or 2min, got '" + v + "'");
  }
}
