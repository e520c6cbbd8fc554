package io.github.sparkmlops.profile;

import java.util.List;

/**
 * A Dataset's profile, one {@link ColumnProfile} per column, as {@link
 * io.github.sparkmlops.aggregate.DataProfiler} computed it.
 *
 * @param rows the Dataset's row count
 * @param columns one profile per profiled column, in schema order
 */
public record DataProfile(long rows, List<ColumnProfile> columns) {

  /**
   * Keeps an unmodifiable copy of {@code columns}.
   *
   * @param rows the Dataset's row count
   * @param columns one profile per profiled column, in schema order
   */
  public DataProfile {
    columns = List.copyOf(columns);
  }

  /**
   * The profile of one column.
   *
   * @param name the column's name
   * @return its profile
   */
  public ColumnProfile column(String name) {
    return columns.stream().filter(c -> c.column().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no profiled column named '" + name + "'"));
  }
}
