package io.github.sparkmlops.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Aggregates in agg and observe, and the one-pass profile, against exact computations. */
class AggregateTest {

  private final SparkSession spark = TestSpark.session();

  /** 1,000 rows: x = i (with NaN, +inf, nulls), label of 3 values, a null column, a vector. */
  private Dataset<Row> data() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Double x = i == 10 ? null : i == 11 ? Double.NaN : i == 12 ? Double.POSITIVE_INFINITY : (double) i;
      rows.add(RowFactory.create(x, i % 3 == 0 ? "a" : i % 3 == 1 ? "bb" : null, i % 4, null,
          Vectors.dense(i, 0.0, i % 2)));
    }
    StructType schema = new StructType()
        .add("x", DataTypes.DoubleType)
        .add("label", DataTypes.StringType)
        .add("bucket", DataTypes.IntegerType)
        .add("nothing", DataTypes.StringType)
        .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema).repartition(5);
  }

  @Test
  void histogramsAndVectorSummaryWorkInAggAndInObserve() throws InterruptedException {
    Dataset<Row> df = data();
    Row r = df.agg(
        MLOpsFunctions.histogram(col("x"), 0, 500, 1000).as("h"),
        MLOpsFunctions.categoricalHistogram(col("label")).as("c"),
        MLOpsFunctions.vectorSummary(col("features")).as("v")).head();
    Map<String, NamedStat> stats = byName(MLOpsFunctions.stats("x", r.getStruct(0)));
    Histogram h = (Histogram) stats.get("x").value();
    // [-inf,0) [0,500) [500,1000) [1000,+inf]: 0..999 minus null and NaN, 12 became +inf
    assertArrayEquals(new double[] {0, 497, 500, 1}, h.counts());
    Histogram c = (Histogram) byName(MLOpsFunctions.stats("label", r.getStruct(1))).get("label").value();
    assertEquals(List.of("a", "bb"), c.labels());
    assertArrayEquals(new double[] {334, 333}, c.counts());
    Row v = r.getStruct(2);
    assertEquals(1_000L, v.getLong(0));
    assertEquals(499.5, v.<Double>getList(1).get(0), 1e-9);

    Observation observation = new Observation("hist");
    df.observe(observation, MLOpsFunctions.histogram(col("x"), 0, 500, 1000).as("h"))
        .write().format("noop").mode("overwrite").save();
    assertEquals(r.getStruct(0), observation.getAsJava().get("h"));
  }

  @Test
  void theProfileIsOnePassAndMatchesExactComputations() throws InterruptedException {
    Dataset<Row> df = data();
    DataProfiler profiler = DataProfiler.forSchema(df.schema());
    DataProfile p = profiler.profile(df);
    assertEquals(1_000, p.rows());

    ColumnProfile x = p.column("x");
    assertEquals(DataProfiler.Kind.CONTINUOUS, x.kind());
    assertEquals(999, x.count());
    assertEquals(1, x.missing());
    assertEquals(1, x.zeros());
    assertEquals(1, x.nanCount());
    assertEquals(0.0, x.min());
    assertEquals(Double.POSITIVE_INFINITY, x.max());
    assertEquals(499.5, x.quantiles().get(2), 1_000 * 0.02, "within KLL's rank error");
    assertEquals(998, (long) java.util.Arrays.stream(x.histogram().counts()).sum(), "NaN left out");

    ColumnProfile label = p.column("label");
    assertEquals(DataProfiler.Kind.CATEGORICAL, label.kind());
    assertEquals(667, label.count());
    assertEquals(333, label.missing());
    assertEquals(2, label.distinct());
    assertEquals((334 * 1 + 333 * 2) / 667.0, label.averageLength(), 1e-12);
    assertEquals(List.of("a", "bb"), label.histogram().labels());

    ColumnProfile bucket = p.column("bucket");
    assertEquals(DataProfiler.Kind.CATEGORICAL, bucket.kind(), "an int with 4 values");
    assertArrayEquals(new double[] {250, 250, 250, 250}, bucket.histogram().counts());
    assertEquals(DataProfiler.Kind.CONTINUOUS,
        profiler.continuous("bucket").profile(df).column("bucket").kind(), "the override wins");

    ColumnProfile nothing = p.column("nothing");
    assertEquals(0, nothing.count());
    assertEquals(1_000, nothing.missing());
    assertNull(nothing.histogram());

    ColumnProfile features = p.column("features");
    assertEquals(DataProfiler.Kind.VECTOR, features.kind());
    assertEquals(499.5, features.vectorStats().<Double>getList(1).get(0), 1e-9);

    Map<String, NamedStat> stats = byName(p.stats("data"));
    Table table = (Table) stats.get("data").value();
    assertEquals(List.of("x", "label", "bucket", "nothing", "features"), table.rowNames());
    assertTrue(stats.containsKey("data.x") && stats.containsKey("data.features.mean"));

    Observation observation = new Observation("profile");
    profiler.observe(df, observation).write().format("noop").mode("overwrite").save();
    DataProfile observed = profiler.read(observation.getAsJava());
    assertEquals(p.column("label"), observed.column("label"));
    assertEquals(p.column("x").count(), observed.column("x").count());
  }

  @Test
  void anEmptyDatasetProfilesToZeroCounts() {
    Dataset<Row> empty = data().limit(0);
    DataProfile p = DataProfiler.forSchema(empty.schema()).profile(empty);
    assertEquals(0, p.rows());
    assertEquals(0, p.column("x").count());
    assertNull(p.column("x").histogram());
    assertNull(p.column("label").histogram());
    assertEquals(0L, p.column("features").vectorStats().getLong(0));
  }

  private static Map<String, NamedStat> byName(List<NamedStat> stats) {
    Map<String, NamedStat> out = new java.util.LinkedHashMap<>();
    stats.forEach(s -> out.put(s.name(), s));
    return out;
  }
}
