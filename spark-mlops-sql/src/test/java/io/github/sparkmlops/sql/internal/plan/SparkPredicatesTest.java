package io.github.sparkmlops.sql.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.store.StoreTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Spark's V2 predicates as row filters, built by hand: no SparkSession. */
class SparkPredicatesTest {

  private final SparkPredicates stats = new SparkPredicates(StoreTable.STATS.schema());

  private static Predicate p(String name, Expression... children) {
    return new Predicate(name, children);
  }

  private static Expression col(String... names) {
    return Expressions.column(String.join(".", names));
  }

  /** A literal as Spark pushes it: strings as {@code UTF8String}. */
  private static Expression lit(Object value) {
    return value instanceof String s
        ? new LiteralValue<>(UTF8String.fromString(s), DataTypes.StringType)
        : Expressions.literal(value);
  }

  private Optional<SparkPredicates.Translation> translate(Predicate predicate) {
    return stats.translate(predicate);
  }

  private RowFilter exact(Predicate predicate) {
    SparkPredicates.Translation t = translate(predicate).orElseThrow(
        () -> new AssertionError(predicate + " should translate"));
    assertTrue(t.exact(), predicate + " should translate exactly");
    return t.filter();
  }

  private static RowFilter.Compare cmp(String column, String op, Object value) {
    return new RowFilter.Compare(column, op, value);
  }

  @Test
  void comparisonsOfAColumnWithALiteralTranslateEitherWayRound() {
    assertEquals(cmp("name", "=", "loss"), exact(p("=", col("name"), lit("loss"))));
    assertEquals(cmp("seq", ">", 5L), exact(p("<", lit(5L), col("seq"))), "5 < seq is seq > 5");
    assertEquals(cmp("seq", "<=", 5L), exact(p(">=", lit(5L), col("seq"))));
    assertEquals(cmp("time", "<", 1_000L),
        exact(p("<", col("time"), new LiteralValue<>(1_000L, DataTypes.TimestampType))));
    assertEquals(cmp("date", ">=", 20_000),
        exact(p(">=", col("date"), new LiteralValue<>(20_000, DataTypes.DateType))));
    assertEquals(new RowFilter.Not(cmp("name", "=", "loss")), exact(p("<>", col("name"), lit("loss"))));
  }

  @Test
  void whatCannotBePushedIsLeftToSpark() {
    assertEquals(Optional.empty(), translate(p("=", col("value"), lit(1.0))), "doubles: NaN order");
    assertEquals(Optional.empty(), translate(p("=", col("nosuch"), lit("x"))));
    assertEquals(Optional.empty(), translate(p("=", col("vector", "values"), lit("x"))), "nested");
    assertEquals(Optional.empty(), translate(p("=", col("name"), lit(5L))), "a literal of another type");
    assertEquals(Optional.empty(), translate(p("=", col("name"), col("mlapp"))), "two columns");
    assertEquals(Optional.empty(), translate(p("=", col("name"),
        new LiteralValue<>(null, DataTypes.StringType))), "= NULL is never true: Spark's to say");
    assertEquals(Optional.empty(), translate(p("STARTS_WITH", col("name"), lit("lo"))));
  }

  @Test
  void nullSafeEqualityKeepsItsMeaningUnderNot() {
    assertEquals(new RowFilter.NullCheck("name", true),
        exact(p("<=>", col("name"), new LiteralValue<>(null, DataTypes.StringType))));
    assertEquals(new RowFilter.Junction("AND", new RowFilter.NullCheck("name", false),
        cmp("name", "=", "loss")), exact(p("<=>", lit("loss"), col("name"))));
  }

  @Test
  void inAndNullChecks() {
    assertEquals(new RowFilter.In("name", List.of("a", "b")),
        exact(p("IN", col("name"), lit("a"), lit("b"))));
    assertEquals(Optional.empty(), translate(p("IN", col("name"), lit("a"), col("mlapp"))));
    assertEquals(new RowFilter.NullCheck("host", true), exact(p("IS_NULL", col("host"))));
    assertEquals(new RowFilter.NullCheck("host", false), exact(p("IS_NOT_NULL", col("host"))));
  }

  /** Spark evaluates every predicate again, so a translation may be weaker, never stricter. */
  @Test
  void junctionsTranslateNoStricterThanThePredicate() {
    Predicate name = p("=", col("name"), lit("loss"));
    Predicate onValue = p(">", col("value"), lit(0.5));
    SparkPredicates.Translation half = translate(new And(name, onValue)).orElseThrow();
    assertEquals(cmp("name", "=", "loss"), half.filter(), "AND keeps the side it can push");
    assertFalse(half.exact());
    assertEquals(Optional.empty(), translate(new Or(name, onValue)), "OR needs both sides");
    assertEquals(Optional.empty(), translate(new Not(new And(name, onValue))),
        "NOT of a weaker filter would be stricter");
    assertEquals(new RowFilter.Not(cmp("name", "=", "loss")), exact(new Not(name)));
    assertEquals(new RowFilter.Junction("OR", cmp("name", "=", "loss"), cmp("seq", "=", 1L)),
        exact(new Or(name, p("=", col("seq"), lit(1L)))));
  }

  @Test
  void booleanColumnsOfTheEventsTablePush() {
    SparkPredicates events = new SparkPredicates(StoreTable.EVENTS.schema());
    assertEquals(Optional.of(new SparkPredicates.Translation(cmp("is_alert", "=", true), true)),
        events.translate(p("=", col("is_alert"), lit(true))));
  }
}
