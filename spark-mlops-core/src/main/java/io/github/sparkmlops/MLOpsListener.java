package io.github.sparkmlops;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.listen.JobTally;
import io.github.sparkmlops.internal.listen.ReportQueue;
import io.github.sparkmlops.internal.listen.StageTally;
import io.github.sparkmlops.internal.listen.TaskTally;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.collection.Iterator;

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
 *   <li>its own cost: {@code mlops.listener.callback_ms} (time spent in its callbacks),
 *       {@code mlops.listener.events}, {@code mlops.listener.queue_depth} and {@code
 *       mlops.listener.dropped} (reports dropped because its queue was full).
 * </ul>
 *
 * <p>Callbacks run on Spark's listener thread in constant time and do no I/O: they update counters
 * and hand finished tallies to a bounded queue ({@code spark.mlops.listener.queueCapacity}, default
 * 10,000) drained by one daemon thread. When the queue is full a report is dropped and counted,
 * never waited for. With {@code spark.mlops.enabled=false} the listener does nothing.
 */
public class MLOpsListener extends SparkListener {

  private final MLOps mlops;
  private final ReportQueue<MLOps> reports;
  private final boolean stages;
  private final Map<Integer, JobTally> jobs = new HashMap<>();
  // jobs started and not yet ended, read by finish() from the user's thread
  private final AtomicInteger openJobs = new AtomicInteger();
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Long, StageTally> stageAttempts = new HashMap<>();
  private long callbackNanos;
  private long events;

  /** For {@code spark.extraListeners}: reads the settings from the application's configuration. */
  public MLOpsListener(SparkConf conf) {
    this(MLOps.forListener(conf));
  }

  /** For code that adds it by hand ({@code sc.addSparkListener}); needs a running SparkContext. */
  public MLOpsListener() {
    this(SparkEnv.get().conf());
  }

  /**
   * Reports into {@code mlops}; stays idle if it is disabled, done, or already has a listener (a
   * second one would count everything twice).
   */
  MLOpsListener(MLOps mlops) {
    this.mlops = mlops != null && mlops.bindListener(this) ? mlops : null;
    this.stages = this.mlops != null && mlops.config().listenerStages();
    this.reports = this.mlops == null ? null : new ReportQueue<>(
        "spark-mlops-listener", mlops.config().listenerQueueCapacity(), mlops);
  }

  /** Whether this listener reports anything. */
  boolean isActive() {
    return mlops != null;
  }

  /**
   * Called when the bound {@link MLOps} is done: lets Spark deliver the events already posted and
   * waits for the jobs it saw start to end (so the last job's stats are not lost), runs what is
   * queued, then ends the report thread; all within {@code timeout}. From the report thread itself
   * (application end) it only stops, since waiting would wait on itself.
   *
   * <p>Why wait for open jobs: Spark tells the caller of a failed action before it posts the job's
   * end ({@code DAGScheduler.failJobAndIndependentStages}), so right after the action throws, the
   * bus can be empty and the failure not yet posted. A job still running delays this by at most
   * {@code timeout}.
   */
  void finish(SparkContext sc, Duration timeout) {
    if (reports == null) {
      return;
    }
    boolean onReportThread = reports.isReportThread();
    if (!onReportThread && sc != null && !sc.isStopped()) {
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        do {
          sc.listenerBus().waitUntilEmpty(
              Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
          if (openJobs.get() == 0) {
            break;
          }
          Thread.sleep(10);
        } while (System.nanoTime() < deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // the bus stays busy: what it still holds is reported by nobody, as the docs say
      }
    }
    reports.stop();
    if (!onReportThread) {
      awaitReports(timeout);
    }
  }

  /** Waits up to {@code timeout} for the queued reports to run, once stopped. */
  void awaitReports(Duration timeout) {
    if (reports != null) {
      try {
        reports.awaitStop(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart start) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    Event event = Event.builder(EventType.GENERIC, "application started")
        .message("Spark application " + start.appName() + " started")
        .time(Instant.ofEpochMilli(start.time()))
        .build();
    reports.offer(m -> m.event(event));
    count(t0);
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    int[] stageIds = new int[start.stageIds().size()];
    Iterator<Object> it = start.stageIds().iterator();
    for (int i = 0; it.hasNext(); i++) {
      stageIds[i] = (Integer) it.next();
      jobOfStage.put(stageIds[i], start.jobId());
    }
    jobs.put(start.jobId(), new JobTally(start.jobId(), start.time(), stageIds, new TaskTally()));
    openJobs.incrementAndGet();
    count(t0);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (mlops == null || !stages) {
      return;
    }
    long t0 = System.nanoTime();
    StageInfo info = submitted.stageInfo();
    stageAttempts.put(attemptKey(info.stageId(), info.attemptNumber()),
        new StageTally(info.stageId(), info.attemptNumber(), new TaskTally()));
    count(t0);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    Integer jobId = jobOfStage.get(end.stageId());
    JobTally job = jobId == null ? null : jobs.get(jobId);
    if (job != null) {
      job.tasks().add(end.taskInfo(), end.taskMetrics());
    }
    if (stages) {
      StageTally stage = stageAttempts.get(attemptKey(end.stageId(), end.stageAttemptId()));
      if (stage != null) {
        stage.tasks().add(end.taskInfo(), end.taskMetrics());
      }
    }
    count(t0);
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    StageInfo info = completed.stageInfo();
    boolean failed = info.failureReason().isDefined();
    if (failed) {
      Event alert = Event.builder(EventType.SYSTEM_ALERT, "stage " + info.stageId() + " failed")
          .severity(Severity.ERROR)
          .message(info.failureReason().get())
          .build();
      reports.offer(m -> m.event(alert));
    }
    StageTally stage = stageAttempts.remove(attemptKey(info.stageId(), info.attemptNumber()));
    if (stage != null) {
      long duration = info.completionTime().isDefined() && info.submissionTime().isDefined()
          ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : 0;
      List<NamedStat> stats = stage.stats(duration, !failed);
      reports.offer(m -> m.recordAll(stats, Instant.now()));
    }
    count(t0);
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    JobTally job = jobs.remove(end.jobId());
    if (job != null) {
      openJobs.decrementAndGet();
    }
    Instant time = Instant.ofEpochMilli(end.time());
    boolean succeeded = !(end.jobResult() instanceof JobFailed);
    List<NamedStat> stats = List.of();
    if (job != null) {
      for (int stageId : job.stageIds()) {
        jobOfStage.remove(stageId);
      }
      stats = job.stats(end.time(), succeeded);
    }
    Event alert = succeeded ? null : Event.builder(EventType.SYSTEM_ALERT,
            "job " + end.jobId() + " failed")
        .severity(Severity.ERROR)
        .message(String.valueOf(((JobFailed) end.jobResult()).exception().getMessage()))
        .time(time)
        .build();
    List<NamedStat> jobStats = stats;
    reports.offer(m -> {
      m.recordAll(jobStats, time);
      if (alert != null) {
        m.event(alert);
      }
      m.reportAccumulators();
    });
    count(t0);
    reportOwnCost();
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    if (mlops == null) {
      return;
    }
    long t0 = System.nanoTime();
    Event event = Event.builder(EventType.GENERIC, "application ended")
        .message("Spark application ended")
        .time(Instant.ofEpochMilli(end.time()))
        .build();
    count(t0);
    reportOwnCost();
    reports.offer(m -> {
      m.event(event);
      m.done();
    });
    reports.stop();
  }

  private void reportOwnCost() {
    List<NamedStat> stats = List.of(
        new NamedStat("mlops.listener.callback_ms", number(callbackNanos / 1e6)),
        new NamedStat("mlops.listener.events", number(events)),
        new NamedStat("mlops.listener.queue_depth", number(reports.depth())),
        new NamedStat("mlops.listener.dropped", number(reports.dropped())));
    Consumer<MLOps> report = m -> m.recordAll(stats, Instant.now());
    reports.offer(report);
  }

  private static NumberValue number(double v) {
    return new NumberValue(v);
  }

  private void count(long startNanos) {
    events++;
    callbackNanos += System.nanoTime() - startNanos;
  }

  private static long attemptKey(int stageId, int attempt) {
    return ((long) stageId << 32) | (attempt & 0xffffffffL);
  }
}
