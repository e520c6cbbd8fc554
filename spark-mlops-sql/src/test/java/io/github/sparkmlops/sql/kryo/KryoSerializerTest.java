package io.github.sparkmlops.sql.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.aggregate.DataProfiler;
import io.github.sparkmlops.internal.aggregate.ElementSummary;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.profile.DataProfile;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.sketch.ContinuousSummary;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * With Kryo as Spark's data serializer ({@code spark.serializer}), as many clusters set it, and
 * every class it writes required to be registered, the {@code mlops} source reads the store, the
 * {@code runs} view sums up a large {@code stats} table in its own job, and profiles and RDD
 * summaries come back from their tasks: what a job ships as data and hands back goes through
 * Kryo.
 */
class KryoSerializerTest {

  private static final SparkSession spark = TestSpark.session(
      Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer",
          "spark.kryo.registrationRequired", "true"));

  @Test
  void profilesAndSummariesOfRddsComeBackFromTheirTasksUnderKryo() {
    Dataset<Row> rows = spark.range(0, 10_000, 1, 4)
        .selectExpr("id * 0.5 AS x", "CAST(id % 7 AS STRING) AS s").cache();
    try {
      assertEquals(10_000, rows.count());
      DataProfile profile = DataProfiler.forSchema(rows.schema()).profile(rows);
      assertEquals(10_000, profile.rows());
      assertEquals(2_499.75, profile.column("x").mean(), 1e-9);
      assertEquals(7L, profile.column("s").distinct());
    } finally {
      rows.unpersist(true);
    }
    ElementSummary summary = ElementSummary.of(JavaSparkContext.fromSparkContext(
        spark.sparkContext()).parallelize(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 3));
    assertEquals(5, ((ContinuousSummary) summary.delegate()).count());
  }

  @Test
  void theSourceAndTheRunsViewsJobWorkWithKryo() throws Exception {
    Path root = TestSpark.newStoreRoot("kryo");
    StoreLayout store = new StoreLayout(root.toString());
    Configuration conf = spark.sessionState().newHadoopConf();
    DeltaTableWriter writer = Store.writers(Store.engine(conf), store).get(StoreTable.STATS);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    long seq = 0;
    int rows = 0;
    // more than the 1 MiB of stats from which the view sums the table up in a Spark job
    for (int file = 0; file < 4; file++) {
      List<Object[]> batch = new ArrayList<>();
      for (int i = 0; i < 40_000; i++, rows++) {
        RunContext context = new RunContext("app", "train", "driver", "run-" + i % 3, "h");
        batch.add(StoreSchema.statRow(new StatRecord(start.plusMillis(rows), context, "w", ++seq,
            "metric-" + i % 50, StatCategory.TIME_SERIES.name(), StatType.NUMBER,
            new NumberValue(i * 0.5))));
      }
      writer.append("w", file + 1, batch);
    }
    long bytes;
    try (Stream<Path> files = Files.walk(root.resolve("stats"))) {
      bytes = files.filter(p -> p.toString().endsWith(".parquet")
          && !p.toString().contains("_delta_log")).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(bytes >= 1 << 20, "enough stats for the view's job: " + bytes + " bytes");

    Row counted = spark.read().format("mlops").option("store", root.toString()).load()
        .selectExpr("count(*)", "sum(value)").first();
    assertEquals(rows, counted.getLong(0));

    List<String> jobs = new CopyOnWriteArrayList<>();
    SparkListener descriptions = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
      }
    };
    spark.sparkContext().addSparkListener(descriptions);
    List<Row> viewed;
    try {
      viewed = spark.read().format("mlops").option("store", root.toString())
          .option("table", "runs").load().collectAsList();
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } finally {
      spark.sparkContext().removeSparkListener(descriptions);
    }
    assertTrue(jobs.stream().anyMatch(d -> d.startsWith("mlops runs view")), "jobs: " + jobs);

    // the driver's fold of every row, on a copy the view has not read
    StoreLayout copy = new StoreLayout(
        TestSpark.copyTree(root, TestSpark.newStoreRoot("kryo, a copy")).toString());
    List<Object[]> folded = StoreView.RUNS.rows(copy, conf);
    assertEquals(3, folded.size());
    assertEquals(3, viewed.size());
    for (int run = 0; run < 3; run++) {
      Object[] expected = folded.get(run);
      Row actual = viewed.get(run);
      assertEquals(expected[0], actual.getString(0), "run id");
      assertEquals(expected[expected.length - 1], actual.get(actual.size() - 1), "stat count");
      assertEquals(new TreeMap<>((Map<?, ?>) expected[11]),
          new TreeMap<>(actual.getJavaMap(11)), "the latest metric of each name");
    }
  }
}
