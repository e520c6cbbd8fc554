package io.github.sparkmlops.accumulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accumulators and one-action RDD stats on a real local SparkSession, read back with delta-spark. */
class AccumulatorTest {

  private final SparkSession spark = TestSpark.session();
  private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  private Path root;
  private MLOps mlops;

  @BeforeEach
  void freshStore() {
    root = TestSpark.newStoreRoot("accumulators");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    mlops = MLOps.init(spark);
  }

  @AfterEach
  void finish() {
    mlops.done();
    spark.conf().unset(MLOpsConfig.STORE);
  }

  private List<Row> stat(String name) {
    mlops.flush();
    return spark.read().format("delta").load(root.resolve("stats").toString())
        .where("name = '" + name + "'").orderBy("seq").collectAsList();
  }

  /** 0..9,999 in skewed partitions: one big, several one-row, one empty. */
  private JavaRDD<Double> skewed() {
    List<Double> values = IntStream.range(0, 10_000).mapToObj(i -> (double) i).toList();
    return jsc.parallelize(values, 1)
        .union(jsc.parallelize(List.of(-1.0, Double.NaN, Double.POSITIVE_INFINITY), 3))
        .union(jsc.parallelize(List.<Double>of(), 1));
  }

  @Test
  void accumulatorsEqualExactCountsAndAreReportedWhenTheJobEnds() {
    HistogramAccumulator hist = mlops.histogramAccumulator("acc.hist", 0, 2_500, 5_000, 10_000);
    CategoryAccumulator parity = mlops.categoryAccumulator("acc.parity");
    CountAccumulator count = mlops.countAccumulator("acc.count");
    skewed().foreach(d -> {
      hist.add(d);
      parity.add(Double.isNaN(d) ? null : (d % 2 == 0 ? "even" : "odd"));
      count.increment();
    });
    // [-inf,0) [0,2500) [2500,5000) [5000,10000) [10000,+inf]
    assertArrayEquals(new double[] {1, 2500, 2500, 5000, 1}, hist.value().histogram().counts());
    assertEquals(1, hist.value().nanCount());
    assertEquals(10_003, count.value().count());
    assertEquals(5_000L, parity.value().counts().get("even"));
    assertEquals(5_002L, parity.value().counts().get("odd"), "5,000 odd, plus -1 and +Infinity");

    List<Row> reported = stat("acc.hist");
    assertEquals(1, reported.size(), "reported once: at job end or on flush, not twice");
    assertEquals(List.of(1.0, 2500.0, 2500.0, 5000.0, 1.0),
        reported.get(0).getStruct(reported.get(0).fieldIndex("histogram")).getList(3));
    assertEquals(10_003.0, stat("acc.count").get(0).getDouble(stat("acc.count").get(0).fieldIndex("value")));
    assertThrows(IllegalArgumentException.class, () -> mlops.countAccumulator("acc.count"),
        "two accumulators cannot report under one name");
  }

  @Test
  void aTaskRetriedAfterAFailureDoesNotDoubleCountAnActionsUpdates() {
    CountAccumulator rows = mlops.countAccumulator("retried.rows");
    jsc.parallelize(IntStream.range(0, 1_000).boxed().toList(), 4).foreachPartition(it -> {
      while (it.hasNext()) {
        it.next();
        rows.increment();
      }
      if (TaskContext.get().partitionId() == 1 && TaskContext.get().attemptNumber() == 0) {
        throw new IllegalStateException("first attempt of partition 1 fails after counting");
      }
    });
    assertEquals(1_000, rows.value().count());
  }

  @Test
  void vectorStatisticsMatchSummarizerWithin1e9() {
    List<Vector> vectors = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 5_000; i++) {
      vectors.add(i % 4 == 0
          ? Vectors.sparse(3, new int[] {1}, new double[] {random.nextGaussian()})
          : Vectors.dense(1e4 + random.nextGaussian(), random.nextDouble() - 0.5, i % 7));
    }
    VectorAccumulator acc = mlops.vectorAccumulator("acc.vectors");
    JavaRDD<Vector> rdd = jsc.parallelize(vectors, 7);
    rdd.foreach(acc::add);
    mlops.setStat("rdd.vectors", rdd);

    Dataset<Row> df = spark.createDataFrame(vectors.stream()
        .map(v -> org.apache.spark.sql.RowFactory.create(v)).toList(),
        new org.apache.spark.sql.types.StructType().add("features",
            org.apache.spark.ml.linalg.SQLDataTypes.VectorType()));
    Row expected = df.select(Summarizer.metrics("mean", "variance", "min", "max", "normL1",
        "normL2", "numNonZeros", "count").summary(df.col("features")).as("s")).head().getStruct(0);
    var s = acc.value();
    assertClose((Vector) expected.get(0), s.mean());
    assertClose((Vector) expected.get(1), s.variance());
    assertClose((Vector) expected.get(2), s.min());
    assertClose((Vector) expected.get(3), s.max());
    assertClose((Vector) expected.get(4), s.normL1());
    assertClose((Vector) expected.get(5), s.normL2());
    assertClose((Vector) expected.get(6), s.numNonZeros());
    assertEquals(expected.getLong(7), s.count());

    Row mean = stat("rdd.vectors.mean").get(0);
    List<Double> stored = mean.getStruct(mean.fieldIndex("vector")).getList(0);
    assertClose((Vector) expected.get(0),
        stored.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void setStatOfAnRddRecordsItsDistributionInOneAction() {
    mlops.setStat("rdd.values", skewed());
    mlops.setStat("rdd.empty", jsc.parallelize(List.<Double>of(), 2));
    mlops.setStat("rdd.words", jsc.parallelize(List.of("a", "b", "a"), 2));
    Row hist = stat("rdd.values").get(0);
    List<Double> counts = hist.getStruct(hist.fieldIndex("histogram")).getList(3);
    assertEquals(10_002.0, counts.stream().mapToDouble(Double::doubleValue).sum(),
        "every non-NaN value is in a bin");
    Row empty = stat("rdd.empty.count").get(0);
    assertEquals(0.0, empty.getDouble(empty.fieldIndex("value")));
    Row words = stat("rdd.words").get(0);
    assertEquals(List.of("a", "b"), words.getStruct(words.fieldIndex("histogram")).getList(2));
    SparkException mixed = assertThrows(SparkException.class, () -> mlops.setStat("rdd.mixed",
        jsc.parallelize(List.<Object>of(1.0, "x"), 1)));
    assertTrue(mixed.getMessage().contains("cannot mix"), mixed.getMessage());
  }

  private static void assertClose(Vector expected, double[] actual) {
    double[] e = expected.toArray();
    assertEquals(e.length, actual.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], actual[i], Math.abs(e[i]) * 1e-9 + 1e-12, "dimension " + i);
    }
  }
}
