package io.github.sparkmlops.sql.internal.plan;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A row filter on the store's top-level columns, serializable so it travels to executors (Kernel's
 * own predicates do not). On the driver it becomes a Kernel {@link Predicate} that prunes
 * partitions and skips files; on executors {@link RowFilterEvaluator} applies it exactly to rows.
 */
public sealed interface RowFilter extends Serializable {

  /** The columns this filter reads. */
  default Set<String> columns() {
    Set<String> columns = new TreeSet<>();
    collectColumns(columns);
    return columns;
  }

  void collectColumns(Set<String> into);

  /** The Kernel predicate, given the table schema (for literal types). */
  Predicate toKernel(StructType schema);

  /** {@code column op value}, with op one of {@code = < <= > >=}. */
  record Compare(String column, String op, Object value) implements RowFilter {
    public void collectColumns(Set<String> into) {
      into.add(column);
    }

    public Predicate toKernel(StructType schema) {
      return new Predicate(op, new Column(column), literal(schema, column, value));
    }
  }

  /** {@code column IN (values)}; written as ORed equalities, which Kernel both skips and evaluates. */
  record In(String column, List<Object> values) implements RowFilter {
    public void collectColumns(Set<String> into) {
      into.add(column);
    }

    public Predicate toKernel(StructType schema) {
      Predicate any = null;
      for (Object value : values) {
        Predicate eq = new Predicate("=", new Column(column), literal(schema, column, value));
        any = any == null ? eq : new Predicate("OR", any, eq);
      }
      return any == null ? new Predicate("ALWAYS_FALSE", List.of()) : any;
    }
  }

  /** {@code column IS NULL} or {@code column IS NOT NULL}. */
  record NullCheck(String column, boolean isNull) implements RowFilter {
    public void collectColumns(Set<String> into) {
      into.add(column);
    }

    public Predicate toKernel(StructType schema) {
      return new Predicate(isNull ? "IS_NULL" : "IS_NOT_NULL", new Column(column));
    }
  }

  /** {@code AND} or {@code OR} of two filters. */
  record Junction(String op, RowFilter left, RowFilter right) implements RowFilter {
    public void collectColumns(Set<String> into) {
      left.collectColumns(into);
      right.collectColumns(into);
    }

    public Predicate toKernel(StructType schema) {
      return new Predicate(op, left.toKernel(schema), right.toKernel(schema));
    }
  }

  /** {@code NOT filter}. */
  record Not(RowFilter child) implements RowFilter {
    public void collectColumns(Set<String> into) {
      child.collectColumns(into);
    }

    public Predicate toKernel(StructType schema) {
      return new Predicate("NOT", child.toKernel(schema));
    }
  }

  /** All filters at once, if there are any. */
  static Optional<RowFilter> and(List<RowFilter> filters) {
    return filters.stream().reduce((all, f) -> new Junction("AND", all, f));
  }

  private static Expression literal(StructType schema, String column, Object value) {
    DataType type = schema.get(column).getDataType();
    if (type instanceof StringType) {
      return Literal.ofString((String) value);
    } else if (type instanceof TimestampType) {
      return Literal.ofTimestamp((Long) value);
    } else if (type instanceof DateType) {
      return Literal.ofDate((Integer) value);
    } else if (value instanceof Double d) {
      return Literal.ofDouble(d);
    } else if (value instanceof Long l) {
      return Literal.ofLong(l);
    } else if (value instanceof Boolean b) {
      return Literal.ofBoolean(b);
    }
    throw new IllegalArgumentException("Cannot compare column " + column + " with " + value);
  }

  /** Filters as their Kernel predicates, for explain output. */
  static List<String> describe(List<RowFilter> filters, StructType schema) {
    List<String> out = new ArrayList<>();
    for (RowFilter f : filters) {
      out.add(f.toKernel(schema).toString());
    }
    return out;
  }
}
