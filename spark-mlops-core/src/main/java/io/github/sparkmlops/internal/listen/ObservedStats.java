package io.github.sparkmlops.internal.listen;

import io.github.sparkmlops.internal.aggregate.AggregateResults;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.aggregate.ProfileStats;
import io.github.sparkmlops.internal.aggregate.WindowedProfiles;
import io.github.sparkmlops.internal.run.ApplicationRun;
import io.github.sparkmlops.internal.run.BatchMonitor;
import io.github.sparkmlops.internal.serde.Format;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.TextValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the metrics a streaming query observes ({@code df.observe(name, ...)}) are reported, each
 * field of the observation {@code name} as a stat of its own type:
 *
 * <ul>
 *   <li>a profile ({@code DataProfiler.column()}, as {@code DataProfiler.observe(df, name)} and
 *       {@code MLOps.observe} observe it) as {@code MLOps.setDataDistributionStat(name, ...)}
 *       reports one: the table {@code name}, {@code name.rows} and a histogram per column, each
 *       named by the column the profile itself names;
 *   <li>a result of {@code MLOpsFunctions.histogram}, {@code categoricalHistogram} or {@code
 *       vectorSummary} as its histogram or vector statistics under {@code name.field};
 *   <li>a number as a number {@code name.field}, a boolean as 1 or 0, a string as text.
 * </ul>
 *
 * Null fields and fields of other types are left out.
 */
final class ObservedStats {

  /** The field name of {@code DataProfiler.column()}'s result. */
  static final String PROFILE_FIELD = "mlops_profile";

  private static final Logger LOG = LoggerFactory.getLogger(ObservedStats.class);

  private ObservedStats() {}

  static List<NamedStat> of(Map<String, Row> observed) {
    List<NamedStat> out = new ArrayList<>();
    if (observed == null) {
      return out;
    }
    for (Map.Entry<String, Row> observation : observed.entrySet()) {
      Row row = observation.getValue();
      if (row != null && row.schema() != null) {
        addObservation(out, observation.getKey(), row);
      }
    }
    return out;
  }

  private static void addObservation(List<NamedStat> out, String name, Row row) {
    StructField[] fields = row.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      Object value = row.get(i);
      if (value == null) {
        continue;
      }
      String field = fields[i].name();
      if (PROFILE_FIELD.equals(field) && value instanceof byte[] bytes) {
        addProfile(out, name, bytes);
        continue;
      }
      String statName = name + "." + field;
      if (value instanceof Row struct && struct.schema() != null) {
        Optional<List<NamedStat>> stats = AggregateResults.stats(statName, struct);
        stats.ifPresent(out::addAll);
      } else if (value instanceof Number n) {
        out.add(new NamedStat(statName, new NumberValue(n.doubleValue())));
      } else if (value instanceof Boolean b) {
        out.add(new NamedStat(statName, new NumberValue(b ? 1 : 0)));
      } else if (value instanceof String s) {
        out.add(new NamedStat(statName, new TextValue(s)));
      }
    }
  }

  /**
   * What the run's monitors ({@link ApplicationRun#monitor}) make of the profiles observed under
   * their names: stats to write with the batch. A monitor that fails is logged and skipped, so the
   * batch's other stats are still written.
   */
  static List<NamedStat> monitored(ApplicationRun run, StreamBatch batch, Map<String, Row> observed,
      Instant time) {
    List<NamedStat> out = new ArrayList<>();
    if (observed == null) {
      return out;
    }
    for (Map.Entry<String, Row> observation : observed.entrySet()) {
      Row row = observation.getValue();
      Optional<BatchMonitor> monitor = run.monitorOf(observation.getKey());
      if (monitor.isEmpty() || row == null || row.schema() == null
          || !Arrays.asList(row.schema().fieldNames()).contains(PROFILE_FIELD)
          || !(row.get(row.fieldIndex(PROFILE_FIELD)) instanceof byte[] bytes)) {
        continue;
      }
      try {
        out.addAll(monitor.get().batch(batch, bytes, time));
      } catch (RuntimeException e) {
        LOG.warn("Monitoring '{}' failed on batch {} of query {}", observation.getKey(),
            batch.batchId(), batch.queryId(), e);
      }
    }
    return out;
  }

  /**
   * A profile carries its columns' names ({@link ProfileResult}), whoever observed it; profiles per
   * event-time window ({@code monitor} with a window) are reported as the batch's profile, all its
   * windows' rows together.
   */
  private static void addProfile(List<NamedStat> out, String name, byte[] bytes) {
    try {
      if (Format.holds(bytes, Format.WINDOWED_PROFILES)) {
        WindowedProfiles.fromBytes(bytes).merged()
            .ifPresent(profile -> out.addAll(ProfileStats.of(name, profile)));
        return;
      }
      out.addAll(ProfileStats.of(name, ProfileResult.fromBytes(bytes)));
    } catch (IllegalArgumentException e) {
      LOG.warn("The profile observed as '{}' could not be read: {}", name, e.getMessage());
    }
  }
}
