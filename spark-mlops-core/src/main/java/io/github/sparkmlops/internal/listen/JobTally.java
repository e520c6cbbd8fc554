package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.sketch.NamedStat;
import java.util.ArrayList;
import java.util.List;

/**
 * One running job: when it started, its stages, and the {@link TaskTally} of its tasks.
 *
 * @param jobId Spark's job id
 * @param startMs submission time, epoch milliseconds
 * @param stageIds the job's stages, skipped ones included
 * @param tasks the job's task tally
 */
public record JobTally(int jobId, long startMs, int[] stageIds, TaskTally tasks) {

  /**
   * The job's stats: {@code spark.job.id}, {@code .duration_ms}, {@code .succeeded} (1 or 0),
   * {@code .stages} and the task tally's, all under {@code spark.job}.
   */
  public List<NamedStat> stats(long endMs, boolean succeeded) {
    List<NamedStat> out = new ArrayList<>();
    TaskTally.number(out, "spark.job.id", jobId);
    TaskTally.number(out, "spark.job.duration_ms", Math.max(0, endMs - startMs));
    TaskTally.number(out, "spark.job.succeeded", succeeded ? 1 : 0);
    TaskTally.number(out, "spark.job.stages", stageIds.length);
    out.addAll(tasks.stats("spark.job"));
    return out;
  }
}
