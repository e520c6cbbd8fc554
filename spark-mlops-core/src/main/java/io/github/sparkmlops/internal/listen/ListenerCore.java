package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.run.ListenerHandle;
import io.github.sparkmlops.internal.run.ReportQueue;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;

/**
 * What {@code MLOpsListener} does, bound to one {@link ApplicationRun}. Callbacks run on Spark's
 * listener thread in constant time and do no I/O: they update tallies and hand finished ones to a
 * bounded {@link ReportQueue}, whose thread reports them into the run's sink. The one exception is
 * the application's end: Spark is stopping, and the callback finishes the run itself (the queued
 * reports for at most 5 s, then the records for at most {@code spark.mlops.done.timeout}), so
 * that {@code spark.stop()} returns with everything in the store.
 *
 * <p>Spark's listener bus drops events when its queue is full, so a job or stage may never end
 * here: at most {@value #MAX_OPEN} jobs, stage attempts and streaming queries are followed at
 * once, the oldest forgotten first and counted in {@code mlops.listener.evicted}.
 */
public final class ListenerCore implements ListenerHandle {

  /** The most jobs, stage attempts and streaming queries followed at once. */
  static final int MAX_OPEN = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ListenerCore.class);
  // without Spark's bus to wait on, drain() waits until no event came for this long
  private static final long QUIET_NANOS = 250_000_000L;

  // written on Spark's listener thread only; read by the thread that ends the listener
  private volatile long callbackNanos;
  private volatile long events;
  private volatile long evicted;
  private final ApplicationRun run;
  private final ReportQueue<ApplicationRun> reports;
  private final boolean stages;
  private final Map<Integer, JobTally> jobs = new OpenEntries<>(MAX_OPEN, this::forget);
  // jobs started and not yet ended, read by drain() from the user's thread
  private final AtomicInteger openJobs = new AtomicInteger();
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Long, StageTally> stageAttempts =
      new OpenEntries<>(MAX_OPEN, stage -> evicted++);
  private final StreamEvents streams;
  // when the last event arrived, read by drain() where Spark's listener bus cannot be waited on
  private volatile long lastEventNanos = System.nanoTime();
  /** The application's end, once Spark announced it: the last event this listener reports. */
  private volatile Event applicationEnd;
  /** Set once {@link #end} ran: the queue is stopped and the final counts are written. */
  private volatile boolean ended;

  private ListenerCore(ApplicationRun run) {
    this.run = run;
    this.stages = run.config().listenerStages();
    this.reports = new ReportQueue<>("spark-mlops-listener",
        run.config().listenerQueueCapacity(), run);
    this.streams = new StreamEvents(reports, MAX_OPEN, () -> evicted++);
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
   * timeout}, unless Spark is stopping (its bus no longer delivers) or the listener already ended;
   * then ends the listener ({@link #end}).
   *
   * <p>Why wait for open jobs: Spark tells the caller of a failed action before it posts the job's
   * end ({@code DAGScheduler.failJobAndIndependentStages}), so right after the action throws, the
   * bus can be empty and the failure not yet posted.
   */
  @Override
  public void drain(SparkContext sc, Duration timeout) {
    if (!ended && applicationEnd == null && sc != null && !sc.isStopped()) {
      awaitSpark(sc, timeout);
    }
    end(timeout);
  }

  private void awaitSpark(SparkContext sc, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean waitOnBus = SparkSeam.LISTENER_BUS.useInternal(
        run.config().forcedFallbacks().contains(SparkSeam.LISTENER_BUS));
    try {
      do {
        if (waitOnBus) {
          waitOnBus = ListenerHandle.waitUntilBusEmpty(sc, deadline);
        }
        if (openJobs.get() == 0 && (waitOnBus || settled(sc))) {
          return;
        }
        Thread.sleep(10);
      } while (System.nanoTime() < deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.warn("Spark's listener bus did not empty within {} ms: the events it still holds are "
          + "not reported by spark-mlops", timeout.toMillis());
      return;
    } catch (RuntimeException e) {
      // whatever Spark throws here, the run must still end and its records be written
      LOG.warn("Waiting for Spark's listener bus failed: the events it still holds may not be "
          + "reported by spark-mlops", e);
      return;
    }
    if (openJobs.get() > 0) {
      LOG.warn("{} jobs spark-mlops saw start had not ended after {} ms; their stats are not "
          + "reported", openJobs.get(), timeout.toMillis());
    }
  }

  /**
   * Ends the listener, once: lets the queued reports run for at most {@code timeout} and counts
   * those it gives up on ({@link ReportQueue#end}); then writes, directly, the application's end
   * if Spark announced it, and the final counts ({@code mlops.listener.*}: queued cost reports
   * stop at the last job's end, and while the queue is full they are dropped themselves). Whoever
   * ends the run (done(), the application's end, the shutdown hook) comes here first, so these
   * records are written before the store is closed.
   */
  private synchronized void end(Duration timeout) {
    if (ended) {
      return;
    }
    ended = true;
    int givenUp = reports.end(timeout);
    Event last = applicationEnd;
    if (last != null) {
      run.sink().event(last);
    }
    run.sink().timeSeries(ownCost(), Instant.now());
    if (givenUp > 0) {
      LOG.warn("spark-mlops listener: {} reports were still queued after {} ms (is the store "
          + "slow or unreachable?) and were not run", givenUp, timeout.toMillis());
    }
    if (reports.dropped() > 0 || reports.failed() > 0 || evicted > 0) {
      LOG.warn("spark-mlops listener: {} reports dropped (its queue, {}={}, was full, or it "
              + "ended first), {} failed, {} jobs, stages or queries forgotten whose end never "
              + "came; counted in mlops.listener.dropped, .failed and .evicted", reports.dropped(),
          MLOpsConfig.LISTENER_QUEUE_CAPACITY, run.config().listenerQueueCapacity(),
          reports.failed(), evicted);
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
    openJobs.incrementAndGet();
    jobs.put(start.jobId(), new JobTally(start.jobId(), start.time(), stageIds, new TaskTally()));
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
   * Finishes the run here, on Spark's listener thread: Spark is stopping, and {@code stop()} must
   * not return before the records are committed. Not through the report queue, which drops what
   * it has no room for: the queued reports run first (for at most 5 s, those left are counted),
   * then the end is reported and the records are written (for at most {@code
   * spark.mlops.done.timeout}). A run already done reports nothing more.
   */
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    long t0 = System.nanoTime();
    applicationEnd = Event.builder(EventType.GENERIC, "application ended")
        .message("Spark application ended")
        .time(Instant.ofEpochMilli(end.time()))
        .build();
    count(t0);
    run.finish();
  }

  private void reportOwnCost() {
    List<NamedStat> stats = ownCost();
    reports.offer(r -> r.sink().timeSeries(stats, Instant.now()));
  }

  /** The listener's own cost; {@code mlops.listener.dropped} last. */
  private List<NamedStat> ownCost() {
    return List.of(
        new NamedStat("mlops.listener.callback_ms", number(callbackNanos / 1e6)),
        new NamedStat("mlops.listener.events", number(events)),
        new NamedStat("mlops.listener.queue_depth", number(reports.depth())),
        new NamedStat("mlops.listener.failed", number(reports.failed())),
        new NamedStat("mlops.listener.evicted", number(evicted)),
        new NamedStat("mlops.listener.dropped", number(reports.dropped())));
  }

  /** Forgets a job whose end Spark never delivered, to make room for a newer one. */
  private void forget(JobTally job) {
    evicted++;
    openJobs.decrementAndGet();
    for (int stageId : job.stageIds()) {
      jobOfStage.remove(stageId, job.jobId());
    }
  }

  private static NumberValue number(double v) {
    return new NumberValue(v);
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
