package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Random predicates of every shape the mlops source pushes, over every pushable column type, on an
 * events table with NULLs in every column: the source must return exactly the rows delta-spark
 * returns. The events table has string, timestamp, date, long and boolean columns.
 */
class PushdownAgreesWithDeltaTest {

  private static final SparkSession spark = TestSpark.session();
  private static final long SEED = 20261125L;
  private static final int PREDICATES = 250;
  private static final int CHUNK = 25;

  // Values chosen to sit on the edges: empty string, byte order unlike UTF-16 order ("ﬀ" < "😀"
  // in UTF-8, not in UTF-16), microseconds that millisecond file statistics round away.
  private static final List<String> STRINGS = List.of("", "a", "ab", "b", "gbt", "Z", "é", "ﬀ", "😀");
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<Instant> TIMES = List.of(T0, T0.plusNanos(1_000), T0.plusNanos(999_000),
      T0.plusMillis(1), T0.plusMillis(1).plusNanos(1_000), T0.plusSeconds(90_000).plusNanos(123_456_000),
      T0.plusSeconds(2 * 86_400 - 1).plusNanos(999_999_000));
  private static final List<LocalDate> DATES =
      List.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3));
  private static final List<Long> LONGS = List.of(Long.MIN_VALUE + 1, -1L, 0L, 1L, 2L, 7L, Long.MAX_VALUE);

  private static Path root;
  private static StructType schema;

  /** A real store's events table, then rows with NULLs appended by delta-spark in several files. */
  @BeforeAll
  static void writeStore() {
    root = TestSpark.newStoreRoot("pushdown");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps mlops = MLOps.init(spark);
    mlops.dataAlert("gbt", "the table's first row");
    assertTrue(mlops.done().complete());
    spark.conf().unset(MLOpsConfig.STORE);
    String events = root.resolve("events").toString();
    schema = spark.read().format("delta").load(events).schema();
    Random random = new Random(SEED);
    for (int append = 0; append < 4; append++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Object[] values = new Object[schema.fields().length];
        for (int c = 0; c < values.length; c++) {
          values[c] = random.nextInt(5) == 0 ? null : value(random, schema.fields()[c].dataType());
        }
        rows.add(RowFactory.create(values));
      }
      spark.createDataFrame(rows, schema).repartition(3).write().format("delta").mode("append").save(events);
    }
    String[] nullCounts = Arrays.stream(schema.fieldNames())
        .map(c -> "count_if(" + c + " IS NULL) AS " + c).toArray(String[]::new);
    Row nulls = spark.read().format("delta").load(events).selectExpr(nullCounts).first();
    for (String column : schema.fieldNames()) {
      assertTrue(nulls.<Long>getAs(column) > 0, column + " has NULLs");
    }
  }

  @Test
  void everyPushedPredicateReturnsDeltaSparksRows() {
    Random random = new Random(SEED);
    List<String> predicates = new ArrayList<>(List.of(
        "NOT (title <=> 'gbt')", "title <=> NULL", "NOT (is_alert <=> true)", "'gbt' <=> title",
        "NOT (seq <=> 1L) AND NOT (date <=> DATE'2026-03-02')"));
    while (predicates.size() < PREDICATES) {
      predicates.add(predicate(random, 3));
    }
    Dataset<Row> delta = spark.read().format("delta").load(root.resolve("events").toString());
    // One pass of delta-spark answers every predicate: a row is returned where it is true.
    List<String> columns = new ArrayList<>(List.of("to_json(struct(*)) AS row"));
    for (int p = 0; p < predicates.size(); p++) {
      columns.add("coalesce(" + predicates.get(p) + ", false) AS p" + p);
    }
    List<Row> answers = delta.selectExpr(columns.toArray(new String[0])).collectAsList();
    int pushed = 0;
    for (int from = 0; from < predicates.size(); from += CHUNK) {
      // A union of one filtered scan per predicate: each scan pushes its own predicate, and one
      // job answers them all, which keeps a few hundred queries quick.
      Dataset<Row> union = null;
      for (int p = from; p < Math.min(from + CHUNK, predicates.size()); p++) {
        Dataset<Row> scan = spark.read().format("mlops").option("store", root.toString())
            .option("table", "events").load().where(predicates.get(p))
            .selectExpr(p + " AS p", "to_json(struct(*)) AS row");
        union = union == null ? scan : union.unionAll(scan);
      }
      Map<Integer, List<String>> returned = union.collectAsList().stream().collect(Collectors.groupingBy(
          r -> r.getInt(0), Collectors.mapping(r -> r.getString(1), Collectors.toList())));
      for (int p = from; p < Math.min(from + CHUNK, predicates.size()); p++) {
        int column = p + 1;
        List<String> expected = answers.stream().filter(r -> r.getBoolean(column))
            .map(r -> r.getString(0)).sorted().toList();
        List<String> actual = returned.getOrDefault(p, List.of()).stream().sorted().toList();
        assertEquals(expected, actual, predicates.get(p));
      }
      pushed += pushedScans(union);
    }
    assertTrue(pushed > PREDICATES * 3 / 4, "only " + pushed + " of " + PREDICATES + " were pushed");
  }

  /** The scans of a plan that took filters. */
  private static int pushedScans(Dataset<Row> df) {
    return (int) CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves()).stream()
        .filter(p -> p instanceof BatchScanExec)
        .filter(p -> !((BatchScanExec) p).scan().description().contains("filters=[]"))
        .count();
  }

  private static Object value(Random random, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return pick(random, STRINGS);
    } else if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from(pick(random, TIMES));
    } else if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(pick(random, DATES));
    } else if (type.equals(DataTypes.LongType)) {
      return pick(random, LONGS);
    } else if (type.equals(DataTypes.BooleanType)) {
      return random.nextBoolean();
    }
    throw new IllegalStateException("The events table has no " + type + " column");
  }

  private static String predicate(Random random, int depth) {
    int shape = depth == 0 ? 0 : random.nextInt(6);
    return switch (shape) {
      case 1 -> "(" + predicate(random, depth - 1) + " AND " + predicate(random, depth - 1) + ")";
      case 2 -> "(" + predicate(random, depth - 1) + " OR " + predicate(random, depth - 1) + ")";
      case 3 -> "NOT (" + predicate(random, depth - 1) + ")";
      default -> leaf(random);
    };
  }

  private static String leaf(Random random) {
    StructField field = pick(random, List.of(schema.fields()));
    String column = field.name();
    Function<Random, String> literal = r -> literal(r, field.dataType());
    return switch (random.nextInt(8)) {
      case 0 -> column + " IS NULL";
      case 1 -> column + " IS NOT NULL";
      case 2 -> column + " IN (" + random.ints(1 + random.nextInt(3)).mapToObj(i -> literal.apply(random))
          .collect(Collectors.joining(", ")) + (random.nextInt(4) == 0 ? ", NULL)" : ")");
      // Not pushable: makes ANDs only partly translatable, under NOT and OR too.
      case 3 -> "length(CAST(" + column + " AS STRING)) > 2";
      default -> {
        String op = pick(random, List.of("=", "<>", "<", "<=", ">", ">=", "<=>"));
        String value = random.nextInt(10) == 0 ? "NULL" : literal.apply(random);
        yield random.nextBoolean() ? column + " " + op + " " + value : value + " " + op + " " + column;
      }
    };
  }

  private static String literal(Random random, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return "'" + pick(random, random.nextInt(8) == 0 ? List.of("c", "gb", "😀😀") : STRINGS) + "'";
    } else if (type.equals(DataTypes.TimestampType)) {
      Instant t = random.nextInt(8) == 0 ? T0.plusNanos(500_000) : pick(random, TIMES);
      return "TIMESTAMP'" + LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString().replace('T', ' ') + "'";
    } else if (type.equals(DataTypes.DateType)) {
      return "DATE'" + pick(random, random.nextInt(8) == 0 ? List.of(LocalDate.of(2026, 2, 28)) : DATES) + "'";
    } else if (type.equals(DataTypes.LongType)) {
      return (random.nextInt(8) == 0 ? 3L : pick(random, LONGS)) + "L";
    }
    return Boolean.toString(random.nextBoolean());
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
