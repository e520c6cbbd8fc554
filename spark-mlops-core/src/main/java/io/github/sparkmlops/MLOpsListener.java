package io.github.sparkmlops;

import io.github.sparkmlops.internal.listen.ListenerCore;
import io.github.sparkmlops.internal.run.ActiveRun;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records system statistics of a Spark application into the MLOps store, with no code change:
 *
 * <pre>
 * spark-submit --conf spark.extraListeners=io.github.sparkmlops.MLOpsListener ...
 * </pre>
 *
 * <p>{@link MLOps#init} installs one when none is present, so code that calls it gets the same
 * records. What it records (all {@code TIME_SERIES}, timed at the job's or stage's end):
 *
 * <ul>
 *   <li>per job: {@code spark.job.id, duration_ms, succeeded, stages, tasks, failed_tasks,
 *       killed_tasks, records_read, bytes_read, records_written, bytes_written,
 *       shuffle_read_bytes, shuffle_write_bytes, executor_run_ms, executor_cpu_ms, gc_ms,
 *       peak_execution_memory, spilled_bytes, task_duration_max_ms} and the histogram {@code
 *       spark.job.task_duration_ms} (stragglers show in its top bins);
 *   <li>per stage attempt, when {@code spark.mlops.listener.stages=true}: the same under {@code
 *       spark.stage}, plus {@code spark.stage.attempt};
 *   <li>events: application start and end; a failed job or stage raises a {@code SYSTEM_ALERT}
 *       with Spark's reason;
 *   <li>the accumulators created through {@link MLOps}, when a job ends;
 *   <li>per micro-batch of every Structured Streaming query, with the query's name, id, run id
 *       and batch id in the {@code query_name}, {@code query_id}, {@code query_run_id} and {@code
 *       batch_id} columns: {@code spark.stream.input_rows, input_rows_per_second,
 *       processed_rows_per_second, batch_duration_ms}, {@code spark.stream.duration_ms.<part>}
 *       (Spark's {@code durationMs}: {@code addBatch}, {@code getBatch}, {@code latestOffset},
 *       {@code queryPlanning}, {@code triggerExecution}, {@code walCommit}, ...), for stateful
 *       queries {@code spark.stream.state.operators, rows_total, rows_updated, rows_removed,
 *       memory_used_bytes, rows_dropped_by_watermark} (summed over the operators), once a
 *       watermark is set {@code spark.stream.watermark_ms} and {@code watermark_lag_ms} (behind
 *       the batch's newest event time), per source {@code spark.stream.source.<i>.input_rows,
 *       input_rows_per_second, processed_rows_per_second} and the table {@code
 *       spark.stream.sources} (description and offsets), {@code spark.stream.sink.output_rows};
 *       and the metrics the query observes ({@code df.observe}), with this library's aggregates
 *       and profiles as histograms, vector statistics and profile tables. A batch's stats are one
 *       commit keyed by the query id and the batch id, so a batch Spark runs again is not stored
 *       twice;
 *   <li>per micro-batch, unless {@code spark.mlops.lineage.enabled=false}: a row of the {@code
 *       lineage} table per source (Delta with the last version read) and one for the sink, keyed
 *       the same way;
 *   <li>events: a streaming query's start, idle (once until data comes again) and termination;
 *       its failure is a {@code SYSTEM_ALERT} with the exception's message;
 *   <li>its own cost: {@code mlops.listener.callback_ms} (time spent in its callbacks),
 *       {@code mlops.listener.events}, {@code mlops.listener.queue_depth}, {@code
 *       mlops.listener.dropped} (reports dropped because its queue was full, or not run in time
 *       when it ended), {@code mlops.listener.failed} (reports that threw) and {@code
 *       mlops.listener.evicted} (jobs, stage attempts and streaming queries forgotten because
 *       Spark's bus dropped their end: at most 10,000 of each are followed at once).
 * </ul>
 *
 * <p>Callbacks run on Spark's listener thread in constant time and do no I/O: they update counters
 * and hand finished tallies to a bounded queue ({@code spark.mlops.listener.queueCapacity}, default
 * 10,000) drained by one daemon thread. When the queue is full a report is dropped and counted,
 * never waited for. At the application's end the callback finishes the run: it lets the queue
 * run for at most 5 s (the reports still queued then are counted as dropped and logged), reports
 * the end, and waits, at most {@code spark.mlops.done.timeout}, until the records are committed,
 * so that {@code spark.stop()} returns with everything in the store. With {@code spark.mlops.enabled=false} the listener does nothing;
 * with a malformed {@code spark.mlops.*} setting it logs the error once and does nothing, since it
 * must never throw into Spark.
 */
public class MLOpsListener extends SparkListener {

  private static final Logger LOG = LoggerFactory.getLogger(MLOpsListener.class);

  /** Null when idle: disabled, misconfigured, or another listener already reports. */
  private final ListenerCore core;

  /**
   * For {@code spark.extraListeners}: reads the settings from the application's configuration.
   *
   * @param conf the application's configuration
   */
  public MLOpsListener(SparkConf conf) {
    this(bind(conf));
  }

  /** For code that adds it by hand ({@code sc.addSparkListener}); needs a running SparkContext. */
  public MLOpsListener() {
    this(SparkEnv.get().conf());
  }

  /** A listener doing what {@code core} does; idle when it is null. */
  MLOpsListener(ListenerCore core) {
    this.core = core;
  }

  private static ListenerCore bind(SparkConf conf) {
    try {
      return ListenerCore.bindTo(ActiveRun.forConf(conf));
    } catch (RuntimeException e) {
      LOG.error("spark-mlops: MLOpsListener stays idle for this application: {}", e.getMessage(), e);
      return null;
    }
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart start) {
    if (core != null) {
      core.onApplicationStart(start);
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (core != null) {
      core.onJobStart(start);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (core != null) {
      core.onStageSubmitted(submitted);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (core != null) {
      core.onTaskEnd(end);
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    if (core != null) {
      core.onStageCompleted(completed);
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    if (core != null) {
      core.onJobEnd(end);
    }
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (core != null) {
      core.onOtherEvent(event);
    }
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    if (core != null) {
      core.onApplicationEnd(end);
    }
  }
}
