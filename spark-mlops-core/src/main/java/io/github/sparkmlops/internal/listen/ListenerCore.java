package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.run.ListenerHandle;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.collection.Iterator;

/**
 * What {@code MLOpsListener} does, bound to one {@link ApplicationRun}. Callbacks run on Spark's
 * listener thread in constant time and do no I/O: they update tallies and hand finished ones to a
 * bounded {@link ReportQueue}, whose thread reports them into the run's sink. The one exception is
 * the application's end: Spark is stopping, and the callback waits (at most {@code
 * spark.mlops.done.timeout}) until the run's records are committed, so that {@code spark.stop()}
 * returns with everything in the store.
 */
public final class ListenerCore implements ListenerHandle {

  // without Spark's bus to wait on, drain() waits until no event came for this long
  private static final long QUIET_NANOS = 250_000_000L;

  private final ApplicationRun run;
  private final ReportQueue<ApplicationRun> reports;
  private final boolean stages;
  private final Map<Integer, JobTally> jobs = new HashMap<>();
  // jobs started and not yet ended, read by drain() from the user's thread
  private final AtomicInteger openJobs = new AtomicInteger();
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Long, StageTally> stageAttempts = new HashMap<>();
  private final StreamEvents streams;
  private long callbackNanos;
  private long events;
  // when the last event arrived, read by drain() where Spark's listener bus cannot be waited on
  private volatile long lastEventNanos = System.nanoTime();

  private ListenerCore(ApplicationRun run) {
    this.run = run;
    this.stages = run.config().listenerStages();
    this.reports = new ReportQueue<>("spark-mlops-listener",
        run.config().listenerQueueCapacity(), run);
    this.streams = new StreamEvents(reports);
  }

  /**
   * A listener core bound to {@code run}, or null if the run does not take one (disabled, done,
   * or already listened to: a second listener would count everything twice).
   */
  public static ListenerCore bindTo(ApplicationRun run) {
    ListenerCore core = new ListenerCore(run);
    if (run.bind(core)) {
      core.reports.start();
      return core;
    }
    return null;
  }

  /**
   * Waits for the jobs it saw start to end (so the last job's stats are not lost), within {@code
   * timeout}; then runs what is queued and ends the report thread. From the report thread itself
   * (the application's end) it only stops, since waiting would wait on itself.
   *
   * <p>Why wait for open jobs: Spark tells the caller of a failed action before it posts the job's
   * end ({@code DAGScheduler.failJobAndIndependentStages}), so right after the action throws, the
   * bus can be empty and the failure not yet posted.
   *
   * <p>Then it writes its own cost ({@code mlops.listener.*}) once more, so that the store ends
   * with the final count of dropped reports.
   */
  @Override
  public void drain(SparkContext sc, Duration timeout) {
    boolean onReportThread = reports.isReportThread();
    if (!onReportThread && sc != null && !sc.isStopped()) {
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean waitOnBus = SparkSeam.LISTENER_BUS.useInternal(
          run.config().forcedFallbacks().contains(SparkSeam.LISTENER_BUS));
      try {
        do {
          if (waitOnBus) {
            waitOnBus = waitUntilBusEmpty(sc, deadline);
          }
          if (openJobs.get() == 0 && (waitOnBus || settled(sc))) {
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
      // The final counts, written directly: queued cost reports stop at the last job's end, and
      // while the queue is full they are dropped themselves, so the drops would go unrecorded.
      run.sink().timeSeries(ownCost(), Instant.now());
    }
  }

  @Override
  public void awaitReports(Duration timeout) {
    try {
      reports.awaitStop(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void onApplicationStart(SparkListenerApplicationStart start) {
    long t0 = System.nanoTime();
    Event event = Event.builder(EventType.GENERIC, "application started")
        .message("Spark application " + start.appName() + " started")
        .time(Instant.ofEpochMilli(start.time()))
        .build();
    reports.offer(r -> r.sink().event(event));
    count(t0);
  }

  public void onJobStart(SparkListenerJobStart start) {
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

  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (!stages) {
      return;
    }
    long t0 = System.nanoTime();
    StageInfo info = submitted.stageInfo();
    stageAttempts.put(attemptKey(info.stageId(), info.attemptNumber()),
        new StageTally(info.stageId(), info.attemptNumber(), new TaskTally()));
    count(t0);
  }

  public void onTaskEnd(SparkListenerTaskEnd end) {
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

  public void onStageCompleted(SparkListenerStageCompleted completed) {
    long t0 = System.nanoTime();
    StageInfo info = completed.stageInfo();
    boolean failed = info.failureReason().isDefined();
    if (failed) {
      Event alert = Event.builder(EventType.SYSTEM_ALERT, "stage " + info.stageId() + " failed")
          .severity(Severity.ERROR)
          .message(info.failureReason().get())
          .build();
      reports.offer(r -> r.sink().event(alert));
    }
    StageTally stage = stageAttempts.remove(attemptKey(info.stageId(), info.attemptNumber()));
    if (stage != null) {
      long duration = info.completionTime().isDefined() && info.submissionTime().isDefined()
          ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : 0;
      List<NamedStat> stats = stage.stats(duration, !failed);
      reports.offer(r -> r.sink().timeSeries(stats, Instant.now()));
    }
    count(t0);
  }

  public void onJobEnd(SparkListenerJobEnd end) {
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
    reports.offer(r -> {
      r.sink().timeSeries(jobStats, time);
      if (alert != null) {
        r.sink().event(alert);
      }
      r.reportAccumulators();
    });
    count(t0);
    reportOwnCost();
  }

  /** Structured Streaming's query events: see {@link StreamEvents}. Others are ignored. */
  public void onOtherEvent(SparkListenerEvent event) {
    long t0 = System.nanoTime();
    if (streams.handle(event)) {
      count(t0);
    }
  }

  /**
   * Reports the end and finishes the run on the report thread, and waits for that (at most
   * {@code spark.mlops.done.timeout} and a little more): Spark is stopping, and {@code stop()}
   * must not return before the records are committed.
   */
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    long t0 = System.nanoTime();
    Event event = Event.builder(EventType.GENERIC, "application ended")
        .message("Spark application ended")
        .time(Instant.ofEpochMilli(end.time()))
        .build();
    count(t0);
    reportOwnCost();
    reports.offer(r -> {
      r.sink().event(event);
      r.finish();
    });
    reports.stop();
    awaitReports(run.config().doneTimeout().plusSeconds(5));
  }

  private void reportOwnCost() {
    List<NamedStat> stats = ownCost();
    reports.offer(r -> r.sink().timeSeries(stats, Instant.now()));
  }

  private List<NamedStat> ownCost() {
    return List.of(
        new NamedStat("mlops.listener.callback_ms", number(callbackNanos / 1e6)),
        new NamedStat("mlops.listener.events", number(events)),
        new NamedStat("mlops.listener.queue_depth", number(reports.depth())),
        new NamedStat("mlops.listener.dropped", number(reports.dropped())));
  }

  private static NumberValue number(double v) {
    return new NumberValue(v);
  }

  /**
   * Waits for Spark's listener bus to empty ({@link SparkSeam#LISTENER_BUS}); false when that
   * internal call does not link here, so the caller waits for a quiet bus instead.
   */
  private static boolean waitUntilBusEmpty(SparkContext sc, long deadline)
      throws TimeoutException {
    try {
      sc.listenerBus().waitUntilEmpty(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      return true;
    } catch (LinkageError e) {
      SparkSeam.LISTENER_BUS.unavailable(e);
      return false;
    }
  }

  /**
   * Without Spark's bus to wait on, a heuristic: no event for a while, and no job Spark's status
   * tracker (public API) still counts as running. A job whose start neither has seen yet can
   * still be missed; the internal path has no such gap.
   */
  private boolean settled(SparkContext sc) {
    return System.nanoTime() - lastEventNanos >= QUIET_NANOS
        && sc.statusTracker().getActiveJobIds().length == 0;
  }

  private void count(long startNanos) {
    events++;
    lastEventNanos = System.nanoTime();
    callbackNanos += lastEventNanos - startNanos;
  }

  private static long attemptKey(int stageId, int attempt) {
    return ((long) stageId << 32) | (attempt & 0xffffffffL);
  }
}
