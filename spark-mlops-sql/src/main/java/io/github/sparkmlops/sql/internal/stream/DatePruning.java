package io.github.sparkmlops.sql.internal.stream;

import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.util.Optional;

/**
 * Partition pruning for the files new commits add: whether a file's {@code date} partition can
 * hold a row the filter wants. Kernel prunes the starting snapshot itself, but its commit ranges
 * hand back raw {@code add} actions; the readers still apply the whole filter to rows.
 */
final class DatePruning {

  private DatePruning() {}

  /** False only when no row of {@code file} can pass {@code filter}. */
  static boolean mayHold(Optional<RowFilter> filter, DataFile file) {
    return filter.isEmpty() || mayHold(filter.get(), file.date());
  }

  private static boolean mayHold(RowFilter filter, Integer date) {
    if (filter instanceof RowFilter.Junction junction) {
      boolean left = mayHold(junction.left(), date);
      boolean right = mayHold(junction.right(), date);
      return junction.op().equals("AND") ? left && right : left || right;
    }
    if (filter instanceof RowFilter.Compare compare && isDate(compare.column())
        && compare.value() instanceof Integer value) {
      // A NULL partition fails every comparison.
      return date != null && switch (compare.op()) {
        case "=" -> date.equals(value);
        case "<" -> date < value;
        case "<=" -> date <= value;
        case ">" -> date > value;
        case ">=" -> date >= value;
        default -> true;
      };
    }
    if (filter instanceof RowFilter.In in && isDate(in.column())) {
      return date != null && in.values().stream().anyMatch(v -> v instanceof Integer i && i.equals(date));
    }
    if (filter instanceof RowFilter.NullCheck check && isDate(check.column())) {
      return check.isNull() == (date == null);
    }
    // Other columns, and NOT (whose child's falsity says nothing about NULLs), cannot prune.
    return true;
  }

  private static boolean isDate(String column) {
    return column.equals(StoreSchema.DATE);
  }
}
