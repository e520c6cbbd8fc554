package io.github.sparkmlops.internal.lineage;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.run.ListenerHandle;
import io.github.sparkmlops.internal.run.ReportQueue;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.execution.QueryExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the lineage of one {@link ApplicationRun}. {@link #offer} runs on Spark's listener bus
 * and only queues the query (a bounded {@link ReportQueue}: when full, the query is dropped and
 * counted); the queue's thread walks the plan ({@link LineagePlans}) and offers the rows to the
 * run's sink. Relations it does not know are skipped and counted, never an error in the user's
 * query. When the run ends, the counts above zero are written as {@code TIME_SERIES} stats:
 * {@code mlops.lineage.skipped} (relations of a kind it does not know), {@code
 * mlops.lineage.dropped} (queries its full queue dropped, or not walked in time at the end) and
 * {@code mlops.lineage.failed} (walks that threw).
 */
public final class LineageCapture implements ListenerHandle {

  private static final Logger LOG = LoggerFactory.getLogger(LineageCapture.class);

  private final ApplicationRun run;
  private final ReportQueue<ApplicationRun> reports;
  private final AtomicLong skipped = new AtomicLong();
  private boolean ended;

  private LineageCapture(ApplicationRun run) {
    this.run = run;
    this.reports = new ReportQueue<>("spark-mlops-lineage", run.config().listenerQueueCapacity(),
        run);
  }

  /**
   * The capture of {@code run}, started; the one already bound if there is one; null when the run
   * takes none (reporting or lineage disabled, or the run finished).
   */
  public static LineageCapture bindTo(ApplicationRun run) {
    LineageCapture candidate = new LineageCapture(run);
    if (run.bindLineage(candidate)) {
      candidate.reports.start();
      return candidate;
    }
    return run.lineage() instanceof LineageCapture bound ? bound : null;
  }

  /**
   * Hands a successful query over to the report thread, in constant time: called on Spark's
   * listener bus. A micro-batch of a streaming query is not taken: the Spark listener records
   * its sources and sink once per batch from its progress ({@link StreamRelations}); its plan
   * would record them again, in other shapes.
   *
   * @param funcName the action Spark names the query by ({@code collect}, {@code save}, {@code
   *     command}, ...)
   * @param durationNanos how long the query ran, as Spark measured it
   */
  public void offer(String funcName, QueryExecution qe, long durationNanos) {
    if (StreamRelations.isMicroBatch(qe)) {
      // the Spark listener records a micro-batch's sources and sink from its progress
      return;
    }
    Instant time = Instant.now();
    reports.offer(r -> record(r, funcName, qe, time, durationNanos));
  }

  private void record(ApplicationRun r, String funcName, QueryExecution qe, Instant time,
      long durationNanos) {
    LineagePlans.Found found = LineagePlans.of(funcName, qe, time, durationNanos);
    skipped.addAndGet(found.skipped());
    List<LineageTable.Relation> relations = found.relations();
    if (!relations.isEmpty()) {
      r.sink().lineage(relations, qe.id(), time);
    }
  }

  /**
   * Waits for Spark's bus to deliver the queries already run (unless Spark is stopping), lets the
   * queue run for at most {@code timeout}, and writes the counts above zero. Only the first call
   * does anything.
   */
  @Override
  public synchronized void drain(SparkContext sc, Duration timeout) {
    if (ended) {
      return;
    }
    ended = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    if (sc != null && !sc.isStopped() && SparkSeam.LISTENER_BUS.useInternal(
        run.config().forcedFallbacks().contains(SparkSeam.LISTENER_BUS))) {
      try {
        ListenerHandle.waitUntilBusEmpty(sc, deadline);
      } catch (TimeoutException | RuntimeException e) {
        LOG.warn("Spark's listener bus did not empty within {} ms: the queries it still holds "
            + "are not in the lineage table", timeout.toMillis());
      }
    }
    reports.end(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    List<NamedStat> counts = new ArrayList<>();
    count(counts, LineagePlans.SKIPPED_STAT, skipped.get());
    count(counts, "mlops.lineage.dropped", reports.dropped());
    count(counts, "mlops.lineage.failed", reports.failed());
    if (!counts.isEmpty()) {
      run.sink().timeSeries(counts, Instant.now());
      LOG.info("spark-mlops lineage: {}", counts);
    }
  }

  private static void count(List<NamedStat> counts, String name, long value) {
    if (value > 0) {
      counts.add(new NamedStat(name, new NumberValue(value)));
    }
  }
}
