package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.TaskInfo;

/**
 * The task metrics of one job or one stage, summed as tasks end. Each {@link #add} is constant
 * time. Input and output records and bytes count successful tasks only (a retried task's rows are
 * counted once); times, CPU, GC and spills count every attempt, since each consumed the cluster.
 */
public final class TaskTally {

  /** Task duration bin edges in milliseconds (open-ended bins are added below 0 and above 300 s). */
  static final double[] DURATION_EDGES_MS = {
    0, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000
  };

  private final ContinuousSummary durations = ContinuousSummary.withEdges(DURATION_EDGES_MS);
  private long tasks;
  private long failedTasks;
  private long killedTasks;
  private long maxDurationMs;
  private long recordsRead;
  private long bytesRead;
  private long recordsWritten;
  private long bytesWritten;
  private long shuffleReadBytes;
  private long shuffleWriteBytes;
  private long executorRunMs;
  private long executorCpuNs;
  private long gcMs;
  private long peakExecutionMemory;
  private long spilledBytes;

  /** Adds one ended task attempt; {@code metrics} may be null for a task that failed early. */
  public void add(TaskInfo info, TaskMetrics metrics) {
    tasks++;
    if (info.failed()) {
      failedTasks++;
    }
    if (info.killed()) {
      killedTasks++;
    }
    long duration = info.duration();
    durations.add(duration);
    maxDurationMs = Math.max(maxDurationMs, duration);
    if (metrics == null) {
      return;
    }
    executorRunMs += metrics.executorRunTime();
    executorCpuNs += metrics.executorCpuTime();
    gcMs += metrics.jvmGCTime();
    peakExecutionMemory = Math.max(peakExecutionMemory, metrics.peakExecutionMemory());
    spilledBytes += metrics.memoryBytesSpilled() + metrics.diskBytesSpilled();
    if (info.successful()) {
      recordsRead += metrics.inputMetrics().recordsRead();
      bytesRead += metrics.inputMetrics().bytesRead();
      recordsWritten += metrics.outputMetrics().recordsWritten();
      bytesWritten += metrics.outputMetrics().bytesWritten();
      shuffleReadBytes += metrics.shuffleReadMetrics().totalBytesRead();
      shuffleWriteBytes += metrics.shuffleWriteMetrics().bytesWritten();
    }
  }

  /** The stats {@code prefix.tasks}, {@code prefix.records_read}, ... and the histogram {@code
   * prefix.task_duration_ms}. */
  List<NamedStat> stats(String prefix) {
    List<NamedStat> out = new ArrayList<>(18);
    number(out, prefix + ".tasks", tasks);
    number(out, prefix + ".failed_tasks", failedTasks);
    number(out, prefix + ".killed_tasks", killedTasks);
    number(out, prefix + ".records_read", recordsRead);
    number(out, prefix + ".bytes_read", bytesRead);
    number(out, prefix + ".records_written", recordsWritten);
    number(out, prefix + ".bytes_written", bytesWritten);
    number(out, prefix + ".shuffle_read_bytes", shuffleReadBytes);
    number(out, prefix + ".shuffle_write_bytes", shuffleWriteBytes);
    number(out, prefix + ".executor_run_ms", executorRunMs);
    number(out, prefix + ".executor_cpu_ms", executorCpuNs / 1_000_000.0);
    number(out, prefix + ".gc_ms", gcMs);
    number(out, prefix + ".peak_execution_memory", peakExecutionMemory);
    number(out, prefix + ".spilled_bytes", spilledBytes);
    number(out, prefix + ".task_duration_max_ms", maxDurationMs);
    if (tasks > 0) {
      out.add(new NamedStat(prefix + ".task_duration_ms", durations.histogram()));
    }
    return out;
  }

  static void number(List<NamedStat> out, String name, double value) {
    out.add(new NamedStat(name, new NumberValue(value)));
  }
}
