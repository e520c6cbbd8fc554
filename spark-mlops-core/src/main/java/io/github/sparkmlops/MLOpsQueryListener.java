package io.github.sparkmlops;

import io.github.sparkmlops.internal.lineage.LineageCapture;
import io.github.sparkmlops.internal.run.ActiveRun;
import io.github.sparkmlops.internal.run.ApplicationRun;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.ExecutionListenerManager;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the lineage of every successful query of a session: the Delta tables (with the version
 * read or written), file folders, catalog tables and MLOps store tables it read and wrote, as rows
 * of the store's {@code lineage} table. {@link MLOps#init} registers one on the session it is given
 * (unless {@code spark.mlops.lineage.enabled=false}); with no code, name it in Spark's
 * configuration:
 *
 * <pre>
 * spark-submit --conf spark.sql.queryExecutionListeners=io.github.sparkmlops.MLOpsQueryListener ...
 * </pre>
 *
 * <p>It records into the application's active run (the one {@link MLOps#init} or an {@link
 * MLOpsListener} started); a query that runs while there is none is not recorded. {@code
 * onSuccess} runs on Spark's listener bus and only queues the query; its plan is read on a report
 * thread, which never starts a Spark job. A relation it does not know is skipped and counted in
 * {@code mlops.lineage.skipped}; it never throws into the user's query. A failed query records
 * nothing. The micro-batches of a streaming query are not recorded here: {@link MLOpsListener}
 * records each batch's sources and sink from its progress.
 */
public class MLOpsQueryListener implements QueryExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(MLOpsQueryListener.class);

  /** The listener managers this library registered one on, so that it registers one only once. */
  private static final Set<ExecutionListenerManager> REGISTERED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /**
   * For {@code spark.sql.queryExecutionListeners} and {@code listenerManager().register}. Spark
   * makes the configured one when a session starts, after an {@link MLOpsListener} of {@code
   * spark.extraListeners} started the application's run: it then binds that run's lineage.
   */
  public MLOpsQueryListener() {
    try {
      ActiveRun.active().ifPresent(LineageCapture::bindTo);
    } catch (RuntimeException e) {
      LOG.error("spark-mlops: lineage is not recorded for this run: {}", e.getMessage(), e);
    }
  }

  /**
   * Registers one on {@code spark}'s listener manager unless one is there: named in {@code
   * spark.sql.queryExecutionListeners}, or registered by an earlier call.
   */
  static void registerOn(SparkSession spark) {
    ExecutionListenerManager manager = spark.listenerManager();
    String configured = spark.sparkContext().conf().get("spark.sql.queryExecutionListeners", "");
    boolean named = Arrays.stream(configured.split(","))
        .anyMatch(c -> c.trim().equals(MLOpsQueryListener.class.getName()));
    if (!named && REGISTERED.add(manager)) {
      manager.register(new MLOpsQueryListener());
    }
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    try {
      ApplicationRun run = ActiveRun.active().orElse(null);
      if (run != null && run.lineage() instanceof LineageCapture capture) {
        capture.offer(funcName, qe, durationNs);
      }
    } catch (RuntimeException e) {
      LOG.warn("spark-mlops: a query's lineage was not recorded", e);
    }
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    // a failed query read nothing the run used and wrote nothing it can name
  }
}
