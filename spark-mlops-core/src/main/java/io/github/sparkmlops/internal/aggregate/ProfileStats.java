package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.Table;
import java.util.ArrayList;
import java.util.List;

/** How a {@link DataProfile} is reported as stats. */
public final class ProfileStats {

  /** The columns of the profile's table stat, one row per profiled column. */
  public static final List<String> TABLE_COLUMNS = List.of("kind", "count", "missing", "zeros",
      "nan", "min", "max", "mean", "stddev", "p05", "p25", "p50", "p75", "p95", "distinct",
      "avg_length");

  private ProfileStats() {}

  /**
   * The stats: the table {@code name} (one row per column, named by the column, with {@link
   * #TABLE_COLUMNS}), {@code name.rows}, a histogram {@code name.<column>} per column with values,
   * and vector statistics under {@code name.<column>} for vector columns.
   */
  public static List<NamedStat> of(String name, DataProfile profile) {
    return statsOf(name, profile);
  }

  /**
   * The stats of {@link #of(String, DataProfile)} for the profile {@code result} holds, and its
   * mergeable state ({@link ProfileSketches}), so that the stored profile can be a drift baseline.
   */
  public static List<NamedStat> of(String name, ProfileResult result) {
    List<NamedStat> out = statsOf(name, result.profile());
    out.addAll(ProfileSketches.stats(name, result));
    return out;
  }

  private static List<NamedStat> statsOf(String name, DataProfile profile) {
    List<ColumnProfile> columns = profile.columns();
    List<NamedStat> out = new ArrayList<>();
    Table.Builder table = Table.builder(TABLE_COLUMNS);
    for (ColumnProfile c : columns) {
      List<Double> q = c.quantiles();
      table.namedRow(c.column(), c.kind().name(), c.count(), c.missing(), c.zeros(),
          c.nanCount(), c.min(), c.max(), c.mean(), c.stddev(),
          q == null ? null : q.get(0), q == null ? null : q.get(1), q == null ? null : q.get(2),
          q == null ? null : q.get(3), q == null ? null : q.get(4), c.distinct(),
          c.averageLength());
    }
    if (!columns.isEmpty()) {
      out.add(new NamedStat(name, table.build()));
    }
    out.add(new NamedStat(name + ".rows", new NumberValue(profile.rows())));
    for (ColumnProfile c : columns) {
      if (c.histogram() != null) {
        out.add(new NamedStat(name + "." + c.column(), c.histogram()));
      }
      if (c.vectorStats() != null) {
        out.addAll(VectorAggregator.stats(name + "." + c.column(), c.vectorStats()));
      }
    }
    return out;
  }
}
