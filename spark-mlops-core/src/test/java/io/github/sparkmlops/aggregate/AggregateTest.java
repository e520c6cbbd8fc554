package io.github.sparkmlops.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.aggregate.CachedColumns;
import io.github.sparkmlops.internal.aggregate.ProfileJob;
import io.github.sparkmlops.internal.aggregate.ProfileStats;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.sketch.LogBucketSketch;
import io.github.sparkmlops.profile.ColumnKind;
import io.github.sparkmlops.profile.ColumnProfile;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertEquals(ColumnKind.CONTINUOUS, x.kind());
    assertEquals(999, x.count());
    assertEquals(1, x.missing());
    assertEquals(1, x.zeros());
    assertEquals(1, x.nanCount());
    assertEquals(0.0, x.min());
    assertEquals(Double.POSITIVE_INFINITY, x.max());
    // 998 values: 0..9, 13..999 (10 null, 11 NaN, 12 +inf); the median is the 499th, 501
    assertEquals(501, x.quantiles().get(2), 501 * LogBucketSketch.RELATIVE_ERROR);
    assertEquals(998, (long) java.util.Arrays.stream(x.histogram().counts()).sum(), "NaN left out");

    ColumnProfile label = p.column("label");
    assertEquals(ColumnKind.CATEGORICAL, label.kind());
    assertEquals(667, label.count());
    assertEquals(333, label.missing());
    assertEquals(2, label.distinct());
    assertEquals((334 * 1 + 333 * 2) / 667.0, label.averageLength(), 1e-12);
    assertEquals(List.of("a", "bb"), label.histogram().labels());

    ColumnProfile bucket = p.column("bucket");
    assertEquals(ColumnKind.CATEGORICAL, bucket.kind(), "an int with 4 values");
    assertArrayEquals(new double[] {250, 250, 250, 250}, bucket.histogram().counts());
    assertEquals(ColumnKind.CONTINUOUS,
        profiler.continuous("bucket").profile(df).column("bucket").kind(), "the override wins");

    ColumnProfile nothing = p.column("nothing");
    assertEquals(0, nothing.count());
    assertEquals(1_000, nothing.missing());
    assertNull(nothing.histogram());

    ColumnProfile features = p.column("features");
    assertEquals(ColumnKind.VECTOR, features.kind());
    assertEquals(499.5, features.vectorStats().<Double>getList(1).get(0), 1e-9);

    Map<String, NamedStat> stats = byName(ProfileStats.of("data", p));
    Table table = (Table) stats.get("data").value();
    assertEquals(List.of("x", "label", "bucket", "nothing", "features"), table.rowNames());
    assertTrue(stats.containsKey("data.x") && stats.containsKey("data.features.mean"));

    Observation observation = new Observation("profile");
    profiler.observe(df, observation).write().format("noop").mode("overwrite").save();
    DataProfile observed = profiler.read(observation.getAsJava());
    assertEquals(p.column("label"), observed.column("label"));
    assertEquals(p.column("x").count(), observed.column("x").count());
  }

  /** 5,000 rows of every kind of column, with nulls in some. */
  private static List<Row> everyTypeRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      boolean gap = i % 97 == 0;
      rows.add(RowFactory.create(gap ? null : (byte) (i % 100), (short) (i % 1_000 - 500),
          gap ? null : i * 0.5f, new java.math.BigDecimal(i).movePointLeft(2), i % 7 == 0,
          gap ? null : new Integer[] {i, -i}, java.sql.Date.valueOf("2026-01-01"),
          "w" + (i % 3_000), (long) (i % 3), gap ? null : i * 1.5, gap ? null : i % 50,
          gap ? null : i % 10 == 0 ? "a-label-longer-than-8-bytes" : "s" + i % 40));
    }
    return rows;
  }

  private static final StructType EVERY_TYPE = new StructType()
      .add("b", DataTypes.ByteType).add("s", DataTypes.ShortType).add("f", DataTypes.FloatType)
      .add("d", DataTypes.createDecimalType(10, 2)).add("flag", DataTypes.BooleanType)
      .add("arr", DataTypes.createArrayType(DataTypes.IntegerType)).add("day", DataTypes.DateType)
      .add("word", DataTypes.StringType).add("code", DataTypes.LongType)
      .add("dbl", DataTypes.DoubleType).add("int", DataTypes.IntegerType)
      .add("tag", DataTypes.StringType);

  @Test
  void everyTypeIsProfiledAndPartitioningDoesNotChangeTheResult() {
    List<Row> rows = everyTypeRows();
    Dataset<Row> one = spark.createDataFrame(rows, EVERY_TYPE).coalesce(1);
    DataProfiler profiler = DataProfiler.forSchema(EVERY_TYPE).categorical("s");
    DataProfile p = profiler.profile(one);
    DataProfile spread = profiler.profile(one.repartition(7));
    for (ColumnProfile c : p.columns()) {
      ColumnProfile o = spread.column(c.column());
      String what = c.column() + " in 7 partitions";
      assertEquals(List.of(c.kind(), c.count(), c.missing(), String.valueOf(c.min()),
          String.valueOf(c.max())), List.of(o.kind(), o.count(), o.missing(),
          String.valueOf(o.min()), String.valueOf(o.max())), what);
      if (c.mean() != null) {
        assertEquals(c.mean(), o.mean(), Math.abs(c.mean()) * 1e-12, what);
        assertEquals(c.stddev(), o.stddev(), c.stddev() * 1e-9, what);
      }
      if (!c.column().equals("word")) {
        // beyond 1,000 values, the sketches' estimates depend on how the data was split
        assertEquals(c.distinct(), o.distinct(), what);
        assertEquals(c.histogram(), o.histogram(), what + ": exact, merge-order free");
      }
    }

    ColumnProfile b = p.column("b");
    assertEquals(ColumnKind.CONTINUOUS, b.kind(), "a byte with 100 values");
    long bytes = 5_000 - rows.stream().filter(r -> r.isNullAt(0)).count();
    assertEquals(bytes, b.count());
    assertEquals(0.0, b.min());
    assertEquals(99.0, b.max());
    double byteMean = rows.stream().filter(r -> !r.isNullAt(0)).mapToDouble(r -> r.getByte(0))
        .average().orElseThrow();
    assertEquals(byteMean, b.mean(), 1e-9);

    assertEquals(ColumnKind.CATEGORICAL, p.column("s").kind(), "the override");
    assertEquals(1_000, p.column("s").distinct(), "exact up to 1,000");
    double[] floats = rows.stream().filter(r -> !r.isNullAt(2)).mapToDouble(r -> r.getFloat(2))
        .sorted().toArray();
    assertEquals(Arrays.stream(floats).average().orElseThrow(), p.column("f").mean(), 1e-9);
    double p95 = floats[(int) Math.floor(0.95 * (floats.length - 1))];
    assertEquals(p95, p.column("f").quantiles().get(4), p95 * LogBucketSketch.RELATIVE_ERROR);
    ColumnProfile d = p.column("d");
    assertEquals(24.995, d.mean(), 1e-9);
    double exactStddev = Math.sqrt(java.util.stream.IntStream.range(0, 5_000)
        .mapToDouble(i -> Math.pow(i / 100.0 - 24.995, 2)).sum() / 4_999);
    assertEquals(exactStddev, d.stddev(), 1e-9);
    assertEquals(24.99, d.quantiles().get(2), 24.99 * LogBucketSketch.RELATIVE_ERROR);

    ColumnProfile flag = p.column("flag");
    assertEquals(List.of("false", "true"), flag.histogram().labels());
    assertArrayEquals(new double[] {4_285, 715}, flag.histogram().counts());
    ColumnProfile arr = p.column("arr");
    assertEquals(ColumnKind.VECTOR, arr.kind());
    assertEquals(bytes, arr.count());
    assertEquals(ColumnKind.OTHER, p.column("day").kind());
    assertEquals(5_000, p.column("day").count());

    ColumnProfile word = p.column("word");
    assertEquals(3_000, word.distinct(), 3_000 * 0.05, "a HyperLogLog estimate past 1,000");
    double exactLength = rows.stream().mapToInt(r -> r.getString(7).length()).average()
        .orElseThrow();
    assertEquals(exactLength, word.averageLength(), 1e-9);
    assertEquals(21, word.histogram().labels().size(), "the top 20 and __other__");
    assertEquals(5_000, Arrays.stream(word.histogram().counts()).sum(), 1e-9);

    ColumnProfile code = p.column("code");
    assertEquals(ColumnKind.CATEGORICAL, code.kind(), "a long with 3 values");
    assertEquals(List.of("0", "1", "2"), code.histogram().labels());
    assertEquals(3L, code.distinct());

    ColumnProfile tag = p.column("tag");
    assertEquals(37L, tag.distinct(), "36 short labels and one longer than 8 bytes");
    assertEquals("a-label-longer-than-8-bytes", tag.histogram().labels().get(0));
    assertEquals(rows.stream().filter(r -> r.get(11) != null && r.getString(11).length() > 8)
        .count(), tag.histogram().counts()[0]);
  }

  @Test
  void profileReadsColumnBatchesWhereTheScanHasThemAndAgreesWithTheAggregate(@TempDir Path dir)
      throws Exception {
    Dataset<Row> local = spark.createDataFrame(everyTypeRows(), EVERY_TYPE).coalesce(1);
    local.write().parquet(dir.resolve("every-type").toString());
    Dataset<Row> parquet = spark.read().parquet(dir.resolve("every-type").toString());
    assertNotNull(ProfileJob.columnarSource(executedPlan(parquet)), "Parquet gives batches");
    assertNull(ProfileJob.columnarSource(executedPlan(local)), "a local relation gives rows");

    DataProfiler profiler = DataProfiler.forSchema(EVERY_TYPE).categorical("s");
    DataProfile aggregated = profiler.read(parquet.agg(profiler.column()).head());
    assertEquals(5_000, aggregated.rows());
    assertEquals(aggregated, profiler.profile(parquet), "column batches, a column at a time");
    assertEquals(aggregated, profiler.profile(local), "rows");
    // new Datasets: a Dataset whose plan was made before it was cached does not read the cache;
    // cached batches of 700 rows, so that a partition holds several
    String batchSize = "spark.sql.inMemoryColumnarStorage.batchSize";
    spark.conf().set(batchSize, "700");
    Dataset<Row> cached = spark.read().parquet(dir.resolve("every-type").toString()).cache();
    Dataset<Row> memoryOnly = spark.createDataFrame(everyTypeRows(), EVERY_TYPE).coalesce(1)
        .persist(StorageLevel.MEMORY_ONLY());
    List<String> stageRdds = new CopyOnWriteArrayList<>();
    SparkListener stages = new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        submitted.stageInfo().rddInfos().foreach(rdd -> stageRdds.add(rdd.name()));
      }
    };
    try {
      assertNull(CachedColumns.of(executedPlan(cached)), "a cache not loaded yet");
      assertEquals(aggregated, profiler.profile(cached), "rows of a cached Dataset");
      assertNotNull(CachedColumns.of(executedPlan(cached)), "a loaded cache is split");
      spark.sparkContext().addSparkListener(stages);
      assertEquals(aggregated, profiler.profile(cached),
          "a loaded cache's numbers and booleans as batches, its other columns as rows");
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      assertTrue(stageRdds.contains("ZippedPartitionsRDD2"), "the two halves read: " + stageRdds);
      assertNull(CachedColumns.of(executedPlan(cached.filter("int < 10"))), "a filtered cache");
      assertEquals(5_000, memoryOnly.count());
      assertNull(CachedColumns.of(executedPlan(memoryOnly)),
          "a cache that may drop what memory cannot hold");
      assertEquals(aggregated, profiler.profile(memoryOnly));
    } finally {
      spark.sparkContext().removeSparkListener(stages);
      spark.conf().unset(batchSize);
      cached.unpersist(true);
      memoryOnly.unpersist(true);
    }
    Dataset<Row> filtered = parquet.filter("int < 10");
    assertEquals(profiler.read(filtered.agg(profiler.column()).head()),
        profiler.profile(filtered), "a plan that filters the batches gives rows");
  }

  @Test
  void theAggregateFallbackOfTheProfileJobGivesTheSameProfile(@TempDir Path dir) {
    spark.createDataFrame(everyTypeRows(), EVERY_TYPE).coalesce(2)
        .write().parquet(dir.resolve("every-type").toString());
    Dataset<Row> parquet = spark.read().parquet(dir.resolve("every-type").toString());
    DataProfiler profiler = DataProfiler.forSchema(EVERY_TYPE).categorical("s");
    DataProfile planJob = profiler.profile(parquet);
    String fallback = SparkSeam.PROFILE_JOB.setting();
    spark.conf().set(fallback, "true");
    try {
      assertEquals(planJob, profiler.profile(parquet));
      assertEquals(5_000, profiler.profile(parquet).rows());
      spark.conf().set(fallback, "yes");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> profiler.profile(parquet));
      assertEquals(fallback + " must be true or false, got 'yes'", e.getMessage());
    } finally {
      spark.conf().unset(fallback);
    }
  }

  @Test
  void profileRefusesAStreamingDataset() {
    Dataset<Row> stream = spark.readStream().format("rate").load();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataProfiler.forSchema(stream.schema()).profile(stream));
    assertTrue(e.getMessage().contains("observe"), e.getMessage());
  }

  private static SparkPlan executedPlan(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().executedPlan();
  }

  @Test
  void readRefusesARowWithoutAProfile() {
    DataProfiler profiler = DataProfiler.forSchema(data().schema());
    Row unrelated = data().agg(org.apache.spark.sql.functions.count("x")).head();
    assertThrows(IllegalArgumentException.class, () -> profiler.read(unrelated));
    Dataset<Row> narrow = data().select("x");
    Row other = narrow.agg(DataProfiler.forSchema(narrow.schema()).column()).head();
    assertThrows(IllegalArgumentException.class, () -> profiler.read(other),
        "a profile of another schema");
    // as many columns of the same types, other names: refused, never labelled with this schema
    Dataset<Row> renamed = data().toDF("x2", "label2", "bucket2", "nothing2", "features2");
    Row renamedProfile = renamed.agg(DataProfiler.forSchema(renamed.schema()).column()).head();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> profiler.read(renamedProfile));
    assertTrue(e.getMessage().contains("[x2, label2, bucket2, nothing2, features2]"),
        e.getMessage());
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
