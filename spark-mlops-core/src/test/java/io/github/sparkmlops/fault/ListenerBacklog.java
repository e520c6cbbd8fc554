package io.github.sparkmlops.fault;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The settings under which a {@link StoreOutage} fills the listener's queue, on any machine: a
 * small buffer and a long offer timeout, so that the report thread stops at its first record past
 * the buffer while the store is out, and a burst of jobs fills the queue behind it.
 */
final class ListenerBacklog {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE,
      MLOpsConfig.LISTENER_QUEUE_CAPACITY, MLOpsConfig.BUFFER_CAPACITY, MLOpsConfig.OFFER_TIMEOUT,
      MLOpsConfig.FLUSH_MAX_BACKOFF, MLOpsConfig.FLUSH_INTERVAL);

  private ListenerBacklog() {}

  /** A listener with a queue of {@code queue} reports and a buffer of {@code buffer} records. */
  static void configure(SparkSession spark, StoreOutage store, int queue, int buffer) {
    spark.conf().set(MLOpsConfig.STORE, store.root().toString());
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "true");
    spark.conf().set(MLOpsConfig.LISTENER_QUEUE_CAPACITY, String.valueOf(queue));
    spark.conf().set(MLOpsConfig.BUFFER_CAPACITY, String.valueOf(buffer));
    spark.conf().set(MLOpsConfig.OFFER_TIMEOUT, "10m");
    spark.conf().set(MLOpsConfig.FLUSH_INTERVAL, "200ms");
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "1s");
  }

  /** The shared session's settings as the other tests expect them. */
  static void reset(SparkSession spark) {
    for (String key : KEYS) {
      spark.conf().unset(key);
    }
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "false");
  }
}
