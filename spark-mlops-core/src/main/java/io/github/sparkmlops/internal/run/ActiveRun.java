package io.github.sparkmlops.internal.run;

import io.github.sparkmlops.internal.compat.HadoopConfigurations;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.RunIdentity;
import io.github.sparkmlops.internal.store.CommitProtocol;
import io.github.sparkmlops.internal.store.StoreCheck;
import io.github.sparkmlops.run.RunContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one {@link ApplicationRun} of the running SparkContext: the library's only static mutable
 * state. The facade and a listener that Spark made from {@code spark.extraListeners} both get the
 * run here, so they report into the same sink. A run left over from a stopped SparkContext (a new
 * application in the same JVM) is finished before the new one starts.
 */
public final class ActiveRun {

  private static final AtomicReference<ApplicationRun> ACTIVE = new AtomicReference<>();

  private ActiveRun() {}

  /**
   * The run of {@code spark}'s application, created if there is none. The Databricks job ids of
   * {@link RunIdentity#DATABRICKS} are read from the session's configuration, else from the
   * calling thread's local properties.
   *
   * @throws IllegalArgumentException if a {@code spark.mlops.*} setting (or a Databricks job id)
   *     is malformed, or the store root can never be written
   */
  public static synchronized ApplicationRun forSession(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    String runId = runId(sc.applicationId(), sc.applicationAttemptId());
    ApplicationRun run = current(runId);
    if (run == null) {
      Map<String, String> conf = new HashMap<>(CollectionConverters.asJava(spark.conf().getAll()));
      // a Databricks job's ids may be only local properties of the thread that runs the notebook
      for (String key : RunIdentity.DATABRICKS.keySet()) {
        String local = sc.getLocalProperty(key);
        if (local != null) {
          conf.putIfAbsent(key, local);
        }
      }
      run = start(conf, sc.appName(), runId, sc.hadoopConfiguration(),
          spark.conf().get("spark.sql.warehouse.dir"), spark);
    }
    run.useSession(spark);
    return run;
  }

  /**
   * The run of the application {@code sparkConf} describes, created if there is none: for a
   * listener made by Spark before any session exists.
   *
   * @throws IllegalArgumentException if a {@code spark.mlops.*} setting is malformed, or the store
   *     root can never be written
   */
  public static synchronized ApplicationRun forConf(SparkConf sparkConf) {
    String runId = runId(sparkConf.get("spark.app.id", "unknown-app"),
        sparkConf.getOption("spark.app.attempt.id"));
    ApplicationRun run = current(runId);
    if (run == null) {
      Map<String, String> conf = new HashMap<>();
      for (scala.Tuple2<String, String> kv : sparkConf.getAll()) {
        conf.put(kv._1(), kv._2());
      }
      String warehouse = conf.getOrDefault("spark.sql.warehouse.dir",
          "file:" + Paths.get("spark-warehouse").toAbsolutePath());
      run = start(conf, sparkConf.get("spark.app.name", "spark-app"), runId,
          HadoopConfigurations.of(sparkConf), warehouse, null);
    }
    return run;
  }

  /**
   * The active run.
   *
   * @throws IllegalStateException if there is none
   */
  public static ApplicationRun current() {
    ApplicationRun run = ACTIVE.get();
    if (run == null) {
      throw new IllegalStateException("MLOps is not initialised: call MLOps.init(spark) first");
    }
    return run;
  }

  /** The active run, if there is one and it is not finished. */
  public static Optional<ApplicationRun> active() {
    ApplicationRun run = ACTIVE.get();
    return run == null || run.isFinished() ? Optional.empty() : Optional.of(run);
  }

  /** Forgets {@code run} if it is the active one; lock-free, since it is called while finishing. */
  static void ended(ApplicationRun run) {
    ACTIVE.compareAndSet(run, null);
  }

  /** The active run if it belongs to {@code runId}; any other is finished first. */
  private static ApplicationRun current(String runId) {
    ApplicationRun run = ACTIVE.get();
    if (run != null && !run.belongsTo(runId)) {
      run.finish();
      run = null;
    }
    return run;
  }

  private static ApplicationRun start(Map<String, String> conf, String appName, String runId,
      Configuration hadoopConf, String warehouseDir, SparkSession spark) {
    MLOpsConfig config = MLOpsConfig.from(conf, appName, warehouseDir);
    Configuration storeConf = hadoopConf;
    if (config.enabled()) {
      storeConf = CommitProtocol.configure(config.store(), hadoopConf, config.storeWriters());
      StoreCheck.requireUsable(config.store(), storeConf, MLOpsConfig.STORE);
    }
    RunContext context = new RunContext(config.mlapp(), config.pipeline(), config.node(), runId,
        driverHost(conf));
    ApplicationRun run = new ApplicationRun(config, context, storeConf, spark);
    ACTIVE.set(run);
    return run;
  }

  private static String runId(String applicationId, Option<String> attemptId) {
    return attemptId.isDefined() ? applicationId + "_" + attemptId.get() : applicationId;
  }

  private static String driverHost(Map<String, String> conf) {
    String host = conf.get("spark.driver.host");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
