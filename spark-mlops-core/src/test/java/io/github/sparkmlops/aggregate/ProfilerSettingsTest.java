package io.github.sparkmlops.aggregate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.profile.ColumnKind;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link DataProfiler#bins}, {@link DataProfiler#topValues} and {@link
 * DataProfiler#categoricalMaxDistinct} promise, checked on the histograms as the store holds them.
 */
class ProfilerSettingsTest {

  private final SparkSession spark = TestSpark.session();

  /**
   * x: 0 to 99; word: a six times, b five times, ..., f once (21 rows, the rest null); level: 1 to
   * 4.
   */
  private Dataset<Row> data() {
    return spark.range(100).selectExpr("CAST(id AS DOUBLE) AS x",
        "CASE WHEN id < 6 THEN 'a' WHEN id < 11 THEN 'b' WHEN id < 15 THEN 'c' WHEN id < 18 "
            + "THEN 'd' WHEN id < 20 THEN 'e' WHEN id < 21 THEN 'f' END AS word",
        "CAST(id % 4 + 1 AS INT) AS level");
  }

  @AfterEach
  void storeOff() {
    spark.conf().unset(MLOpsConfig.STORE);
  }

  /** Profiles the data with {@code settings}, stores it as "p" and returns the stored stats. */
  private Dataset<Row> stored(UnaryOperator<DataProfiler> settings) {
    Path root = TestSpark.newStoreRoot("profiler settings");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    Dataset<Row> df = data();
    MLOps mlops = MLOps.init(spark);
    mlops.setDataDistributionStat("p", settings.apply(DataProfiler.forSchema(df.schema()))
        .profile(df));
    assertTrue(mlops.done().complete());
    return spark.read().format("delta").load(root.resolve("stats").toString());
  }

  private static Row histogram(Dataset<Row> stats, String name) {
    Row stat = stats.where("name = '" + name + "'").first();
    return stat.getStruct(stat.fieldIndex("histogram"));
  }

  private static List<Double> counts(Row histogram) {
    return histogram.getList(histogram.fieldIndex("counts"));
  }

  private static String kind(Row histogram) {
    return histogram.getString(histogram.fieldIndex("kind"));
  }

  /** A value within 0.4% of an edge may be counted in the neighbouring bin (79 next to 79.2). */
  @Test
  void binsGivesThatManyEqualWidthBins() {
    Row x = histogram(stored(p -> p.bins(5)), "p.x");
    assertEquals(List.of(0.0, 19.8, 39.6, 59.4, 79.2, 99.0),
        x.<Double>getList(x.fieldIndex("edges")).stream()
            .map(e -> Math.round(e * 10) / 10.0).toList());
    List<Double> counts = counts(x);
    assertEquals(5, counts.size());
    assertEquals(100.0, counts.stream().mapToDouble(Double::doubleValue).sum());
    assertTrue(counts.stream().allMatch(c -> Math.abs(c - 20) <= 1), counts.toString());
  }

  @Test
  void topValuesShowsTheMostFrequentAndTheRestAsOther() {
    Row word = histogram(stored(p -> p.topValues(3)), "p.word");
    assertEquals(List.of("a", "b", "c", "__other__"), word.getList(word.fieldIndex("labels")));
    assertEquals(List.of(6.0, 5.0, 4.0, 6.0), counts(word));
  }

  /** level has 4 distinct integers: categorical up to a limit of 4, continuous below it or at 0. */
  @Test
  void categoricalMaxDistinctDecidesHowIntegersAreProfiled() {
    assertEquals("CATEGORICAL", kind(histogram(stored(p -> p), "p.level")), "the default, 20");
    assertEquals("CATEGORICAL",
        kind(histogram(stored(p -> p.categoricalMaxDistinct(4)), "p.level")));
    assertEquals("CONTINUOUS",
        kind(histogram(stored(p -> p.categoricalMaxDistinct(3)), "p.level")));
    assertEquals("CONTINUOUS",
        kind(histogram(stored(p -> p.categoricalMaxDistinct(0)), "p.level")), "0: never");
    assertEquals("CONTINUOUS", kind(histogram(stored(p -> p.topValues(3)), "p.level")),
        "topValues(3) lowers the limit to 3");
    Row levels = histogram(stored(p -> p.categoricalMaxDistinct(4)), "p.level");
    assertEquals(List.of("1", "2", "3", "4"),
        levels.<String>getList(levels.fieldIndex("labels")).stream().sorted().toList());
    assertEquals(ColumnKind.CONTINUOUS, DataProfiler.forSchema(data().schema())
        .categoricalMaxDistinct(0).profile(data()).column("level").kind());
  }

  @Test
  void outOfRangeSettingsAreRefusedByName() {
    DataProfiler profiler = DataProfiler.forSchema(data().schema());
    for (int bins : new int[] {0, 10_001}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> profiler.bins(bins))
          .getMessage().startsWith("bins must be"));
    }
    for (int top : new int[] {0, 1_001}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> profiler.topValues(top))
          .getMessage().startsWith("topValues must be"));
    }
    IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
        () -> profiler.categoricalMaxDistinct(21));
    assertTrue(above.getMessage().contains("topValues (20)"), above.getMessage());
    assertDoesNotThrow(() -> profiler.topValues(50).categoricalMaxDistinct(50));
  }
}
