package io.github.sparkmlops.sql.internal.plan;

import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Translates Spark's V2 predicates into {@link RowFilter}s. A translation may be weaker than the
 * predicate (an AND of which only one side translates) but never stricter, since Spark evaluates
 * every predicate again after the scan. Only top-level string, timestamp, date, long and boolean
 * columns are pushed: doubles are left to Spark, whose NaN ordering is its own.
 */
public final class SparkPredicates {

  private static final Map<String, String> FLIPPED =
      Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");

  private final StructType schema;

  /** A translator for predicates on a table of this schema. */
  public SparkPredicates(StructType schema) {
    this.schema = schema;
  }

  /** A translation and whether it is exactly the predicate (or only implied by it). */
  public record Translation(RowFilter filter, boolean exact) {}

  /** The translation of {@code p}, if it has one. */
  public Optional<Translation> translate(Predicate p) {
    Expression[] c = p.children();
    switch (p.name()) {
      case "=", "<", "<=", ">", ">=" -> {
        return compare(p.name(), c[0], c[1]);
      }
      case "<=>" -> {
        return nullSafeEqual(c[0], c[1]);
      }
      case "<>" -> {
        return compare("=", c[0], c[1]).map(t -> new Translation(new RowFilter.Not(t.filter()), true));
      }
      case "IN" -> {
        Optional<String> column = column(c[0]);
        if (column.isEmpty()) {
          return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
          Optional<Object> v = value(c[i], column.get());
          if (v.isEmpty()) {
            return Optional.empty();
          }
          values.add(v.get());
        }
        return Optional.of(new Translation(new RowFilter.In(column.get(), values), true));
      }
      case "IS_NULL", "IS_NOT_NULL" -> {
        return column(c[0]).map(col ->
            new Translation(new RowFilter.NullCheck(col, p.name().equals("IS_NULL")), true));
      }
      case "AND" -> {
        Optional<Translation> left = translate((Predicate) c[0]);
        Optional<Translation> right = translate((Predicate) c[1]);
        if (left.isPresent() && right.isPresent()) {
          return Optional.of(new Translation(
              new RowFilter.Junction("AND", left.get().filter(), right.get().filter()),
              left.get().exact() && right.get().exact()));
        }
        return left.or(() -> right).map(t -> new Translation(t.filter(), false));
      }
      case "OR" -> {
        Optional<Translation> left = translate((Predicate) c[0]);
        Optional<Translation> right = translate((Predicate) c[1]);
        if (left.isEmpty() || right.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new Translation(
            new RowFilter.Junction("OR", left.get().filter(), right.get().filter()),
            left.get().exact() && right.get().exact()));
      }
      case "NOT" -> {
        return translate((Predicate) c[0]).filter(Translation::exact)
            .map(t -> new Translation(new RowFilter.Not(t.filter()), true));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private Optional<Translation> compare(String op, Expression a, Expression b) {
    Optional<String> column = column(a);
    Expression literal = b;
    if (column.isEmpty()) {
      column = column(b);
      literal = a;
      op = FLIPPED.get(op);
    }
    if (column.isEmpty()) {
      return Optional.empty();
    }
    String col = column.get();
    String finalOp = op;
    return value(literal, col).map(v -> new Translation(new RowFilter.Compare(col, finalOp, v), true));
  }

  /**
   * {@code a <=> b} is never unknown, unlike {@code a = b}: against NULL it is {@code IS NULL}, and
   * against a value it is false (not unknown) on a null column, which {@code IS NOT NULL AND =}
   * gives under three-valued logic. The difference shows under NOT.
   */
  private Optional<Translation> nullSafeEqual(Expression a, Expression b) {
    Optional<String> againstNull = isNull(b) ? column(a) : isNull(a) ? column(b) : Optional.empty();
    if (againstNull.isPresent()) {
      return Optional.of(new Translation(new RowFilter.NullCheck(againstNull.get(), true), true));
    }
    return compare("=", a, b).map(t -> {
      RowFilter.Compare equal = (RowFilter.Compare) t.filter();
      return new Translation(new RowFilter.Junction("AND",
          new RowFilter.NullCheck(equal.column(), false), equal), true);
    });
  }

  private static boolean isNull(Expression e) {
    return e instanceof Literal<?> literal && literal.value() == null;
  }

  /** The column a reference names, if it is a pushable top-level column. */
  private Optional<String> column(Expression e) {
    if (!(e instanceof NamedReference ref) || ref.fieldNames().length != 1) {
      return Optional.empty();
    }
    String name = ref.fieldNames()[0];
    if (schema.indexOf(name) < 0) {
      return Optional.empty();
    }
    DataType type = schema.get(name).getDataType();
    boolean pushable = type instanceof StringType || type instanceof TimestampType
        || type instanceof DateType || type instanceof LongType || type instanceof BooleanType;
    return pushable ? Optional.of(name) : Optional.empty();
  }

  /** A non-null literal in the column's encoding. */
  private Optional<Object> value(Expression e, String column) {
    if (!(e instanceof Literal<?> literal) || literal.value() == null) {
      return Optional.empty();
    }
    Object v = literal.value();
    DataType type = schema.get(column).getDataType();
    if (type instanceof StringType && v instanceof UTF8String s) {
      return Optional.of(s.toString());
    } else if ((type instanceof TimestampType || type instanceof LongType) && v instanceof Long l) {
      return Optional.of(l);
    } else if (type instanceof DateType && v instanceof Integer i) {
      return Optional.of(i);
    } else if (type instanceof BooleanType && v instanceof Boolean b) {
      return Optional.of(b);
    }
    return Optional.empty();
  }
}
