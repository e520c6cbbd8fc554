package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.sketch.NamedStat;
import java.util.ArrayList;
import java.util.List;

/**
 * One running stage attempt and the {@link TaskTally} of its tasks.
 *
 * @param stageId Spark's stage id
 * @param attempt the stage attempt number
 * @param tasks the stage attempt's task tally
 */
public record StageTally(int stageId, int attempt, TaskTally tasks) {

  /**
   * The stage's stats: {@code spark.stage.id}, {@code .attempt}, {@code .duration_ms}, {@code
   * .succeeded} (1 or 0) and the task tally's, all under {@code spark.stage}.
   */
  public List<NamedStat> stats(long durationMs, boolean succeeded) {
    List<NamedStat> out = new ArrayList<>();
    TaskTally.number(out, "spark.stage.id", stageId);
    TaskTally.number(out, "spark.stage.attempt", attempt);
    TaskTally.number(out, "spark.stage.duration_ms", Math.max(0, durationMs));
    TaskTally.number(out, "spark.stage.succeeded", succeeded ? 1 : 0);
    out.addAll(tasks.stats("spark.stage"));
    return out;
  }
}
