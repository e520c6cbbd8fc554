package io.github.sparkmlops.internal.config;

import io.github.sparkmlops.internal.value.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Who a run is to the orchestrator that started it: its parent run (an Airflow DAG run, a
 * Databricks job run), its name and its tags, from {@value #PARENT}, {@value #NAME} and
 * {@value #TAG_PREFIX}{@code <key>}. On Databricks the job's ids are read too, from the settings
 * in {@link #DATABRICKS} (the runtime sets them in the Spark configuration or as local properties
 * of the notebook's thread): each becomes a tag, and the job run is the parent unless {@value
 * #PARENT} names one.
 *
 * <p>Every value follows the name rule ({@link Require#name}: 1 to 256 characters, no control
 * character, something visible), and a tag key too, at most {@value #MAX_TAG_KEY_LENGTH}
 * characters so that its stat name {@value #TAG_STAT_PREFIX}{@code <key>} keeps the rule. A run
 * stores its identity once, at its start, as {@code CONFIG} string stats named {@value
 * #PARENT_STAT}, {@value #NAME_STAT} and {@value #TAG_STAT_PREFIX}{@code <key>}; the {@code runs}
 * view reads them back with {@link #fromStats}.
 *
 * @param parent the parent run's id, if known
 * @param name the run's name, if given
 * @param tags the tags, sorted by key
 */
public record RunIdentity(Optional<String> parent, Optional<String> name, Map<String, String> tags) {

  public static final String PARENT = "spark.mlops.run.parent";
  public static final String NAME = "spark.mlops.run.name";
  /** Followed by the tag's key. */
  public static final String TAG_PREFIX = "spark.mlops.run.tags.";

  public static final String PARENT_STAT = "mlops.run.parent";
  public static final String NAME_STAT = "mlops.run.name";
  /** Followed by the tag's key. */
  public static final String TAG_STAT_PREFIX = "mlops.run.tag.";

  /** The longest tag key: its stat name must keep within {@link Require#MAX_NAME_LENGTH}. */
  public static final int MAX_TAG_KEY_LENGTH = Require.MAX_NAME_LENGTH - TAG_STAT_PREFIX.length();

  /** The Databricks job run that started a task run: the parent when none is set. */
  static final String DATABRICKS_JOB_RUN = "spark.databricks.job.parentRunId";
  /** The task run, the parent of a run started by a single-task job that sets no job run. */
  static final String DATABRICKS_TASK_RUN = "spark.databricks.job.runId";

  /** The Databricks settings read, each stored as the tag it maps to. */
  public static final Map<String, String> DATABRICKS = Map.of(
      "spark.databricks.job.id", "databricks.job_id",
      DATABRICKS_JOB_RUN, "databricks.job_run_id",
      DATABRICKS_TASK_RUN, "databricks.task_run_id",
      "spark.databricks.clusterUsageTags.clusterId", "databricks.cluster_id");

  public RunIdentity {
    tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
  }

  /**
   * Reads and checks the settings. A Databricks setting that is blank counts as absent.
   *
   * @param keys every configuration key, to find the tags
   * @param get a setting's value, trimmed
   * @throws IllegalArgumentException naming the setting, if a key or value breaks the rules
   */
  static RunIdentity from(Iterable<String> keys, Function<String, Optional<String>> get) {
    Map<String, String> tags = new TreeMap<>();
    DATABRICKS.forEach((setting, tag) -> databricks(get, setting)
        .ifPresent(value -> tags.put(tag, value)));
    for (String key : keys) {
      if (key.startsWith(TAG_PREFIX)) {
        String tag = key.substring(TAG_PREFIX.length());
        // not the key itself in the message: it may hold the control character refused
        String argument = "the tag key of " + TAG_PREFIX + "<key>";
        Require.name(argument, tag);
        if (tag.length() > MAX_TAG_KEY_LENGTH) {
          throw new IllegalArgumentException(argument + " must be at most " + MAX_TAG_KEY_LENGTH
              + " characters, got " + tag.length());
        }
        tags.put(tag, Require.name(key, get.apply(key).orElse("")));
      }
    }
    Optional<String> parent = get.apply(PARENT).map(v -> Require.name(PARENT, v));
    if (parent.isEmpty()) {
      parent = databricks(get, DATABRICKS_JOB_RUN).or(() -> databricks(get, DATABRICKS_TASK_RUN));
    }
    return new RunIdentity(parent, get.apply(NAME).map(v -> Require.name(NAME, v)), tags);
  }

  private static Optional<String> databricks(Function<String, Optional<String>> get, String key) {
    return get.apply(key).filter(v -> !v.isBlank()).map(v -> Require.name(key, v));
  }

  /** The stats that store this identity, by name: none when nothing is known. */
  public Map<String, String> stats() {
    Map<String, String> stats = new LinkedHashMap<>();
    parent.ifPresent(p -> stats.put(PARENT_STAT, p));
    name.ifPresent(n -> stats.put(NAME_STAT, n));
    tags.forEach((key, value) -> stats.put(TAG_STAT_PREFIX + key, value));
    return stats;
  }

  /** Whether {@code statName} is one of the stats of {@link #stats()}. */
  public static boolean isStat(String statName) {
    return statName.equals(PARENT_STAT) || statName.equals(NAME_STAT)
        || statName.startsWith(TAG_STAT_PREFIX);
  }

  /** The identity the {@code stats} of a run stored ({@link #stats()}, by name; others ignored). */
  public static RunIdentity fromStats(Map<String, String> stats) {
    Map<String, String> tags = new TreeMap<>();
    stats.forEach((statName, value) -> {
      if (statName.startsWith(TAG_STAT_PREFIX)) {
        tags.put(statName.substring(TAG_STAT_PREFIX.length()), value);
      }
    });
    return new RunIdentity(Optional.ofNullable(stats.get(PARENT_STAT)),
        Optional.ofNullable(stats.get(NAME_STAT)), tags);
  }
}
