package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Evaluates a {@link RowFilter} on the rows of a Spark batch with SQL's three-valued logic: a
 * comparison with null is unknown, and only rows whose filter is true are selected. Strings compare
 * as UTF-8 bytes, as Spark compares them.
 */
public final class RowFilterEvaluator {

  /** A compiled filter over one batch: TRUE, FALSE or null (unknown) for a row. */
  interface RowTest {
    Boolean test(int row);
  }

  private final StructType schema;
  private final Map<String, Integer> positions;

  /** @param positions where each column is in the batches this evaluator sees */
  RowFilterEvaluator(StructType schema, Map<String, Integer> positions) {
    this.schema = schema;
    this.positions = positions;
  }

  /** The selected rows of {@code batch}. */
  int[] select(RowFilter filter, ColumnarBatch batch) {
    RowTest test = compile(filter, batch);
    int[] rows = new int[batch.numRows()];
    int n = 0;
    for (int r = 0; r < rows.length; r++) {
      if (Boolean.TRUE.equals(test.test(r))) {
        rows[n++] = r;
      }
    }
    return java.util.Arrays.copyOf(rows, n);
  }

  private RowTest compile(RowFilter filter, ColumnarBatch batch) {
    if (filter instanceof RowFilter.Compare c) {
      return compare(c.column(), c.op(), c.value(), batch);
    } else if (filter instanceof RowFilter.In in) {
      List<RowTest> equals = new ArrayList<>();
      for (Object value : in.values()) {
        equals.add(compare(in.column(), "=", value, batch));
      }
      return row -> {
        Boolean any = Boolean.FALSE;
        for (RowTest eq : equals) {
          Boolean b = eq.test(row);
          if (Boolean.TRUE.equals(b)) {
            return true;
          }
          if (b == null) {
            any = null;
          }
        }
        return any;
      };
    } else if (filter instanceof RowFilter.NullCheck n) {
      ColumnVector v = batch.column(positions.get(n.column()));
      return row -> v.isNullAt(row) == n.isNull();
    } else if (filter instanceof RowFilter.Junction j) {
      RowTest left = compile(j.left(), batch);
      RowTest right = compile(j.right(), batch);
      boolean and = j.op().equals("AND");
      return row -> {
        Boolean l = left.test(row);
        if (l != null && l != and) {
          return l;
        }
        Boolean r = right.test(row);
        if (r != null && r != and) {
          return r;
        }
        return l == null || r == null ? null : and;
      };
    } else {
      RowTest child = compile(((RowFilter.Not) filter).child(), batch);
      return row -> {
        Boolean b = child.test(row);
        return b == null ? null : !b;
      };
    }
  }

  private RowTest compare(String column, String op, Object value, ColumnarBatch batch) {
    ColumnVector v = batch.column(positions.get(column));
    DataType type = schema.get(column).getDataType();
    if (type instanceof StringType) {
      UTF8String literal = UTF8String.fromString((String) value);
      return row -> v.isNullAt(row) ? null : holds(op, v.getUTF8String(row).compareTo(literal));
    } else if (type instanceof DateType) {
      int literal = (Integer) value;
      return row -> v.isNullAt(row) ? null : holds(op, Integer.compare(v.getInt(row), literal));
    } else if (type instanceof BooleanType) {
      boolean literal = (Boolean) value;
      return row -> v.isNullAt(row) ? null : holds(op, Boolean.compare(v.getBoolean(row), literal));
    }
    long literal = (Long) value; // long and timestamp (microseconds)
    return row -> v.isNullAt(row) ? null : holds(op, Long.compare(v.getLong(row), literal));
  }

  private static boolean holds(String op, int comparison) {
    return switch (op) {
      case "=" -> comparison == 0;
      case "<" -> comparison < 0;
      case "<=" -> comparison <= 0;
      case ">" -> comparison > 0;
      case ">=" -> comparison >= 0;
      default -> throw new IllegalStateException("Unknown comparison " + op);
    };
  }
}
