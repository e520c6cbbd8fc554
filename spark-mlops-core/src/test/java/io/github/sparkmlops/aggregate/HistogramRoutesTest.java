package io.github.sparkmlops.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.accumulate.HistogramAccumulator;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.Histogram;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One histogram engine: the same column through a histogram accumulator, {@link
 * MLOpsFunctions#histogram}, {@link DataProfiler#profile} (rows, and Parquet column batches) and
 * {@link DataProfiler#column()} in {@code agg} gives the same edges and the same counts.
 */
class HistogramRoutesTest {

  private final SparkSession spark = TestSpark.session();

  /**
   * 40,000 rows in 4 partitions: negatives and positives over a wide range, zeros, NaN, one
   * +Infinity and nulls.
   */
  private Dataset<Row> data() {
    return spark.range(0, 40_000, 1, 4).selectExpr("CASE"
        + " WHEN id % 997 = 0 THEN double('NaN')"
        + " WHEN id = 5 THEN double('Infinity')"
        + " WHEN id % 7 = 0 THEN 0.0"
        + " WHEN id % 11 = 0 THEN NULL"
        + " ELSE (id - 15000) * 1.37 + sin(id) * 50 END AS x");
  }

  @Test
  void accumulatorAggregateAndProfileGiveTheSameHistogram(@TempDir Path dir) {
    Dataset<Row> df = data();

    HistogramAccumulator accumulator = new HistogramAccumulator(ContinuousSummary.automatic());
    spark.sparkContext().register(accumulator, "x");
    df.javaRDD().foreach(row -> {
      if (!row.isNullAt(0)) {
        accumulator.add(row.getDouble(0));
      }
    });
    Histogram fromAccumulator = accumulator.value().histogram();

    Row aggregated = df.agg(MLOpsFunctions.histogram(col("x")).as("h")).head().getStruct(0);
    Histogram fromAggregate = (Histogram) MLOpsFunctions.stats("x", aggregated).stream()
        .filter(s -> s.name().equals("x")).map(NamedStat::value).findFirst().orElseThrow();

    DataProfiler profiler = DataProfiler.forSchema(df.schema());
    Histogram fromProfile = profiler.profile(df).column("x").histogram();
    Histogram fromProfileColumn =
        profiler.read(df.agg(profiler.column()).head()).column("x").histogram();
    String parquet = dir.resolve("x.parquet").toString();
    df.write().parquet(parquet);
    Histogram fromParquetBatches =
        profiler.profile(spark.read().parquet(parquet)).column("x").histogram();

    long nonNaN = df.where("x IS NOT NULL AND NOT isnan(x)").count();
    assertEquals(22, fromAccumulator.edges().length, "20 bins and one for +Infinity");
    assertEquals(Double.POSITIVE_INFINITY, fromAccumulator.edges()[21]);
    assertEquals(1, fromAccumulator.counts()[20], "the +Infinity bin");
    assertEquals(nonNaN, (long) Arrays.stream(fromAccumulator.counts()).sum());
    double min = df.where("NOT isnan(x)").agg(functions.min("x")).head().getDouble(0);
    assertEquals(min, fromAccumulator.edges()[0], "bins start at the smallest value, exactly");
    assertTrue(min < -20_000, "the data holds large negatives: " + min);
    assertEquals(fromAccumulator, fromAggregate, "MLOpsFunctions.histogram");
    assertEquals(fromAccumulator, fromProfile, "DataProfiler.profile");
    assertEquals(fromAccumulator, fromProfileColumn, "DataProfiler.column in agg");
    assertEquals(fromAccumulator, fromParquetBatches, "DataProfiler.profile of column batches");
  }
}
