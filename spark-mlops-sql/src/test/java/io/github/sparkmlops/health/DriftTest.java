package io.github.sparkmlops.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.Gate;
import io.github.sparkmlops.model.GateRefusedException;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift checks in batch, against Datasets and stored baselines: each statistic against a value
 * worked out by hand, the default tests at Evidently's 1,000-row boundary, thresholds, what is
 * stored (rows, share, alert), and bad input refused with nothing written.
 */
class DriftTest {

  private static final SparkSession spark = TestSpark.session();
  private static Path root;
  private static MLOps mlops;

  @BeforeAll
  static void newStore() {
    root = TestSpark.newStoreRoot("drift");
  }

  /** Every test ends the run (EndActiveRun); each starts one on the class's store. */
  @BeforeEach
  void start() {
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    mlops = MLOps.init(spark);
  }

  /** Rows of one string column {@code c}: {@code a} times "a", then {@code b} times "b". */
  private static Dataset<Row> categories(int a, int b) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < a + b; i++) {
      rows.add(RowFactory.create(i < a ? "a" : "b"));
    }
    return spark.createDataFrame(rows, new StructType().add("c", DataTypes.StringType));
  }

  /** {@code n} rows of a numeric column {@code x} drawn from N(mean, 1), reproducibly. */
  private static Dataset<Row> normal(long n, double mean, long seed) {
    return spark.range(0, n, 1, 4).select(randn(seed).plus(mean).as("x"));
  }

  private static long rows(String table) {
    return spark.read().format("delta").load(root.resolve(table).toString()).count();
  }

  @Test
  void identicalDataDoesNotDrift() {
    Dataset<Row> df = spark.range(0, 2000, 1, 2).select(col("id").divide(100.0).as("x"),
        when(col("id").mod(3).equalTo(0), lit("a")).otherwise(lit("b")).as("c"));
    DriftReport report = mlops.health().drift(df, df);
    assertFalse(report.drifted());
    assertEquals(0.0, report.driftShare());
    for (FeatureDrift f : report.features()) {
      assertFalse(f.drifted(), f.toString());
      assertEquals(0.0, f.metric("js_distance"), 1e-12, f.column());
      assertEquals(0.0, f.metric("tv_distance"), 1e-12, f.column());
      assertEquals(1.0, f.metric("overlap_score"), 1e-12, f.column());
    }
    assertEquals(0.0, report.feature("x").metric("ks_statistic"), 1e-12);
    assertEquals(0.0, report.feature("x").metric("wasserstein_distance"), 1e-12);
    assertEquals("wasserstein", report.feature("x").method());
    assertEquals("jensenshannon", report.feature("c").method());
  }

  /** The categorical example: {a: .5, b: .5} to {a: .8, b: .2} on 1,000 rows each. */
  @Test
  void aCategoricalShiftGivesTheNumbersWorkedOutByHand() {
    long alertsBefore = alerts();
    DriftReport report = mlops.health().drift(categories(500, 500), categories(800, 200),
        DriftOptions.defaults().name("categorical"));
    FeatureDrift c = report.feature("c");
    assertEquals("chisquare", c.method(), "a baseline of 1,000 values takes the test");
    // expected 500 and 500: (800-500)^2/500 + (200-500)^2/500
    assertEquals(360.0, c.metric("chi_squared_statistic"), 1e-9);
    assertEquals(0.3, c.metric("tv_distance"), 1e-12);
    assertEquals(0.3, c.metric("l_infinity_distance"), 1e-12);
    // (0.5-0.8) ln(0.5/0.8) + (0.5-0.2) ln(0.5/0.2)
    assertEquals(0.3 * Math.log(0.8 / 0.5) + 0.3 * Math.log(0.5 / 0.2),
        c.metric("population_stability_index"), 1e-12);
    assertEquals(0.4159, c.metric("population_stability_index"), 5e-5);
    assertTrue(c.score() < 1e-60, "the p-value of 360 on one degree of freedom");
    assertTrue(c.drifted());
    assertTrue(report.drifted());
    assertEquals(alertsBefore + 1, alerts(), "one DATA_ALERT");
    Row alert = mlops.getEvents(Instant.EPOCH, Instant.now().plusSeconds(1))
        .where(col("type").equalTo("DATA_ALERT")).orderBy(col("time").desc()).first();
    assertTrue(alert.getAs("title").toString().contains("1 of 1 columns (categorical)"),
        alert.toString());
    assertTrue(alert.getAs("message").toString().contains("c chisquare"), alert.toString());
  }

  @Test
  void aShiftedNormalDriftsByNormedWassersteinWithinTheSketchError() {
    DriftReport report = mlops.health().drift(normal(100_000, 0, 1), normal(100_000, 0.5, 2));
    FeatureDrift x = report.feature("x");
    assertEquals("wasserstein", x.method(), "a baseline above 1,000 values");
    // sup |Phi(t) - Phi(t - 0.5)| at t = 0.25: 2 Phi(0.25) - 1 = 0.1974; the sampling error of
    // the KS statistic at n = m = 1e5 is about 1.36 sqrt(2/1e5) = 0.006, the sketch's below 0.005
    assertEquals(0.1974, x.metric("ks_statistic"), 0.012);
    // W1 of two unit normals half a unit apart is 0.5, and their stddev 1
    assertEquals(0.5, x.metric("wasserstein_distance"), 0.02);
    assertEquals(0.5, x.metric("wasserstein_normed"), 0.02);
    assertEquals(x.metric("wasserstein_normed"), x.score());
    assertTrue(x.drifted());
    assertTrue(x.metric("ks_pvalue") < 1e-100);
    assertTrue(x.metric("ks_critical_value") > 1.358 * Math.sqrt(2.0 / 100_000),
        "the sketch-aware bound is wider than the plain one");
    assertTrue(x.metric("ks_statistic") > x.metric("ks_critical_value"));
  }

  @Test
  void theDefaultTestsSwitchAtAThousandBaselineValues() {
    Dataset<Row> many = spark.range(0, 1001, 1, 1).select(col("id").cast("double").as("x"));
    Dataset<Row> small = many.limit(1000);
    assertEquals("ks", mlops.health().drift(small, many).feature("x").method());
    assertEquals("wasserstein", mlops.health().drift(many, many).feature("x").method());
    assertEquals("chisquare",
        mlops.health().drift(categories(500, 500), categories(1, 1)).feature("c").method());
    assertEquals("jensenshannon",
        mlops.health().drift(categories(501, 500), categories(1, 1)).feature("c").method());
    Dataset<Row> fewValues = spark.range(0, 5000, 1, 1).select(col("id").mod(3).as("x"));
    assertEquals("jensenshannon", mlops.health().drift(fewValues, fewValues).feature("x")
        .method(), "a numeric column of 3 values is judged as a categorical one");
  }

  @Test
  void thresholdsAndTheDriftShareDecide() {
    Dataset<Row> base = normal(20_000, 0, 3);
    Dataset<Row> shifted = normal(20_000, 0.5, 4);
    long alertsBefore = alerts();
    DriftReport lenient = mlops.health().drift(base, shifted,
        DriftOptions.defaults().threshold(DriftMethod.WASSERSTEIN, 0.6));
    assertFalse(lenient.feature("x").drifted());
    assertEquals(0.6, lenient.feature("x").threshold());
    assertEquals(alertsBefore, alerts(), "no alert below the threshold");
    DriftReport strict = mlops.health().drift(base, shifted,
        DriftOptions.defaults().threshold(DriftMethod.WASSERSTEIN, 0.4));
    assertTrue(strict.feature("x").drifted());
    assertEquals(alertsBefore + 1, alerts(), "an alert above it");
    DriftReport byKs = mlops.health().drift(base, shifted,
        DriftOptions.defaults().numericMethod(DriftMethod.KOLMOGOROV_SMIRNOV));
    assertEquals("ks", byKs.feature("x").method());
    assertThrows(IllegalArgumentException.class,
        () -> DriftOptions.defaults().threshold(DriftMethod.KOLMOGOROV_SMIRNOV, 1.5));
    assertThrows(IllegalArgumentException.class,
        () -> DriftOptions.defaults().categoricalMethod(DriftMethod.WASSERSTEIN));
    assertThrows(IllegalArgumentException.class, () -> DriftOptions.defaults().driftShare(0));
  }

  @Test
  void storedProfilesAndModelVersionsAreBaselines() {
    Dataset<Row> training = normal(5_000, 0, 5).withColumn("c", lit("a"));
    mlops.setDataDistributionStat("training", training);
    DriftReport same = mlops.health().drift("training", normal(5_000, 0, 6).withColumn("c", lit("a")));
    assertEquals("training", same.baseline());
    assertFalse(same.drifted(), same.toString());

    mlops.publishModel("scorer", new Binarizer().setInputCol("x").setOutputCol("b"));
    Dataset<Row> shifted = normal(5_000, 1, 7).withColumn("c", lit("z"));
    DriftReport fromModel = mlops.health().drift("models:/scorer/latest", shifted);
    assertEquals("models:/scorer/1", fromModel.baseline());
    assertTrue(fromModel.drifted());
    assertEquals(1.0, fromModel.feature("c").metric("unseen_share"), 1e-12);
    mlops.flush();
    Dataset<Row> rows = spark.read().format("mlops").option("store", root.toString())
        .option("table", "drift").load().where(col("baseline").equalTo("models:/scorer/1"));
    assertEquals(2, rows.count());
    assertEquals(2, rows.where(col("model_name").equalTo("scorer")
        .and(col("model_version").equalTo(1))).count());
  }

  @Test
  void twoStoredProfilesCompareAsACanary() {
    mlops.setDataDistributionStat("pipe_a.predictions", categories(700, 300));
    mlops.setDataDistributionStat("pipe_b.predictions", categories(300, 700));
    DriftReport report = mlops.health().compare("pipe_a.predictions", "pipe_b.predictions");
    assertEquals("pipe_a.predictions", report.baseline());
    assertTrue(report.drifted());
    assertEquals(0.4, report.feature("c").metric("tv_distance"), 1e-12);
  }

  @Test
  void badInputIsRefusedAndWritesNothing() {
    Dataset<Row> base = normal(2_000, 0, 8);
    mlops.setDataDistributionStat("numbers", base);
    mlops.flush();
    long driftRows = rows("drift");
    assertRefused("No stored profile named 'nope'", () -> mlops.health().drift("nope", base));
    assertRefused("has no column 'extra'",
        () -> mlops.health().drift("numbers", base.withColumn("extra", lit(1.0))));
    assertRefused("DriftOptions.columns",
        () -> mlops.health().drift("numbers", base.withColumn("extra", lit(1.0))));
    assertRefused("is string in the current data but numeric",
        () -> mlops.health().drift("numbers", base.select(col("x").cast("string").as("x"))));
    assertRefused("no rows", () -> mlops.health().drift("numbers", base.limit(0)));
    assertRefused("not streaming",
        () -> mlops.health().monitor(base, "numbers"));
    assertRefused("watch a stream per micro-batch with monitor",
        () -> mlops.health().drift("numbers", spark.readStream().format("rate").load()
            .selectExpr("CAST(value AS DOUBLE) AS x")));
    assertRefused("No model named 'ghost'", () -> mlops.health().drift("models:/ghost/1", base));
    mlops.flush();
    assertEquals(driftRows, rows("drift"), "a refused check writes no row");

    // named columns leave the others out
    DriftReport onlyX = mlops.health().drift("numbers", base.withColumn("extra", lit(1.0)),
        DriftOptions.defaults().columns("x"));
    assertEquals(List.of("x"), onlyX.features().stream().map(FeatureDrift::column).toList());
  }

  @Test
  void nullAndNaNValuesHaveADocumentedResult() {
    Dataset<Row> base = normal(2_000, 0, 9);
    Dataset<Row> allNull = base.select(lit(null).cast("double").as("x"));
    FeatureDrift none = mlops.health().drift(base, allNull).feature("x");
    assertTrue(Double.isNaN(none.score()), "no values: no score");
    assertFalse(none.drifted());
    assertEquals(1.0, none.metric("current_null_share"), 1e-12);
    Dataset<Row> withNaN = base.union(spark.range(0, 10, 1, 1)
        .select(lit(Double.NaN).as("x")));
    FeatureDrift nan = mlops.health().drift(base, withNaN).feature("x");
    assertEquals(0.0, nan.metric("ks_statistic"), 1e-12, "NaN is left out of the distribution");
  }

  @Test
  void theDriftTableReadsAsTheDataSourceAndDeltaSparkSeeIt() {
    mlops.health().drift(categories(10, 10), categories(10, 10),
        DriftOptions.defaults().name("readback"));
    mlops.flush();
    Dataset<Row> source = spark.read().format("mlops").option("store", root.toString())
        .option("table", "drift").option("name", "readback").load();
    assertEquals(1, source.count());
    Row row = source.first();
    assertEquals("c", row.getAs("column_name"));
    assertEquals("BASELINE", row.getAs("drift_type"));
    assertEquals("dataset", row.getAs("baseline"));
    assertEquals("chisquare", row.getAs("method"));
    assertEquals(false, row.getAs("drifted"));
    for (String column : List.of("js_distance", "population_stability_index", "tv_distance",
        "l_infinity_distance", "chi_squared_statistic", "chi_squared_pvalue", "ks_statistic",
        "ks_pvalue", "wasserstein_distance", "overlap_score", "batch_id", "score", "threshold")) {
      assertTrue(List.of(source.columns()).contains(column), column);
    }
    assertEquals(rows("drift"), spark.read().format("mlops").option("store", root.toString())
        .option("table", "drift").load().count(), "delta-spark reads the same rows");
    assertTrue(mlops.getStat("health.drift_share.readback", Instant.EPOCH,
        Instant.now().plusSeconds(1)).count() >= 1);
  }

  @Test
  void anomaliesInAStoredSeriesRaiseAlerts() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 40; i++) {
      mlops.setKpi("latency", 100 + (i % 5), t0.plusSeconds(60L * i));
    }
    mlops.setKpi("latency", 400, t0.plusSeconds(60L * 40));
    long alertsBefore = alerts();
    List<Anomaly> found = mlops.health().anomalies("latency", AnomalyStrategy.onlineNormal());
    assertEquals(1, found.size());
    assertEquals(400.0, found.get(0).value());
    assertEquals(alertsBefore + 1, alerts());
    assertEquals(List.of(), mlops.health().anomalies("latency",
        AnomalyStrategy.absolute(0, 1000), 41));
    assertRefused("No number is stored under the stat 'ghost'",
        () -> mlops.health().anomalies("ghost", AnomalyStrategy.onlineNormal()));
  }

  @Test
  void seriesNamedInConfigurationAreCheckedAtEveryFlush() {
    mlops.done();
    spark.conf().set("spark.mlops.health.anomalies", "queue.depth, absent");
    try {
      mlops = MLOps.init(spark);
      Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
      for (int i = 0; i < 30; i++) {
        mlops.setKpi("queue.depth", 10 + (i % 3), t0.plusSeconds(i));
      }
      long alertsBefore = alerts();
      mlops.flush();
      assertEquals(alertsBefore, alerts(), "the latest point is normal; 'absent' is skipped");
      mlops.setKpi("queue.depth", 11, t0.plusSeconds(30));
      mlops.setKpi("queue.depth", 90, t0.plusSeconds(31));
      mlops.flush();
      assertEquals(alertsBefore + 1, alerts(), "the new spike");
      mlops.flush();
      assertEquals(alertsBefore + 1, alerts(), "a point is checked once");
    } finally {
      spark.conf().unset("spark.mlops.health.anomalies");
    }
  }

  @Test
  void badHealthConfigurationIsRefusedAtInit() {
    mlops.done();
    for (String[] bad : List.of(new String[] {"spark.mlops.health.threshold.nope", "0.1"},
        new String[] {"spark.mlops.health.threshold.ks", "2"},
        new String[] {"spark.mlops.health.driftShare", "0"},
        new String[] {"spark.mlops.health.categoricalMethod", "wasserstein"})) {
      spark.conf().set(bad[0], bad[1]);
      try {
        assertRefused(bad[0], () -> MLOps.init(spark));
      } finally {
        spark.conf().unset(bad[0]);
      }
    }
    spark.conf().set("spark.mlops.health.threshold.wasserstein", "0.6");
    try {
      mlops = MLOps.init(spark);
      assertFalse(mlops.health().drift(normal(20_000, 0, 3), normal(20_000, 0.5, 4))
          .feature("x").drifted(), "the configured threshold");
    } finally {
      spark.conf().unset("spark.mlops.health.threshold.wasserstein");
    }
  }

  @Test
  void aGateRefusesATransitionWhileTheDataHasDrifted() {
    mlops.setDataDistributionStat("gate.training", normal(5_000, 0, 21));
    ModelVersion v = mlops.publishModel("gated",
        new Binarizer().setInputCol("x").setOutputCol("b"));
    // no version is in Production yet: the candidate's own training profile is the baseline
    GateRefusedException refused = assertThrows(GateRefusedException.class,
        () -> mlops.models().transition("gated", v.version(), Stage.PRODUCTION,
            Gate.of(mlops.health().noDrift(normal(5_000, 2, 22)))));
    assertTrue(refused.getMessage().contains("the data drifted from models:/gated/1"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("x wasserstein"), refused.getMessage());
    assertEquals(Stage.NONE, mlops.models().get("models:/gated/1").stage());
    ModelVersion moved = mlops.models().transition("gated", v.version(), Stage.PRODUCTION,
        Gate.of(mlops.health().noDrift(normal(5_000, 0, 23))));
    assertEquals(Stage.PRODUCTION, moved.stage());
    mlops.flush();
    assertEquals(2, spark.read().format("mlops").option("store", root.toString())
        .option("table", "drift").option("name", "gate").load().count(), "both checks stored");
  }

  /**
   * {@code n} rows of a column {@code year}: 2000 + 10 N(0, 1), plus {@code shift} years,
   * reproducibly. Far from 0 next to their spread: an uncentred sketch's buckets there are 15.6
   * years wide, which put the KS critical value near 0.6, where no shift could pass it.
   */
  private static Dataset<Row> years(long n, int shift, long seed) {
    return spark.range(0, n, 1, 4).select(randn(seed).multiply(10).plus(2000 + shift).as("year"));
  }

  /**
   * Two samples of one population of years do not drift; the second moved by 3 years drifts by
   * normed W1 3 / 10 = 0.3. Sampling moves W1 by about the difference of the means, 10 sqrt(2 /
   * 20,000) = 0.1 years (0.01 normed); the centred sketch by at most RELATIVE_ERROR (1/256) times
   * the mean distance from the centre of both sides (a row's year: under 30 years together), 0.12
   * years (0.012 normed): 0.3 +- 0.03 holds both with room, and 0.05 is far below 0.1. The KS
   * critical value is the plain one, 1.358 sqrt(2 / 20,000) = 0.0136, plus each side's largest
   * bucket share: a bucket at d years from the centre is d/128 wide and holds about phi(d/10) d /
   * 1280 of the values, at most 0.0019 (0.005 with the centre, a row's year, 2 sigma off the
   * mean), so under 0.03, below the moved years' KS (about 2 Phi(0.15) - 1 = 0.12).
   */
  @Test
  void yearsFarFromZeroDriftOnlyWhenTheyMove() {
    Dataset<Row> baseline = years(20_000, 0, 21);
    FeatureDrift same = mlops.health().drift(baseline, years(20_000, 0, 22)).feature("year");
    assertEquals("wasserstein", same.method(), "a baseline of 20,000");
    assertFalse(same.drifted(), same.toString());
    assertTrue(same.score() < 0.05, same.toString());
    assertTrue(same.metric("ks_statistic") < same.metric("ks_critical_value"), same.toString());
    FeatureDrift moved = mlops.health().drift(baseline, years(20_000, 3, 22)).feature("year");
    assertTrue(moved.drifted(), moved.toString());
    assertEquals(0.3, moved.score(), 0.03, moved.toString());
    assertEquals(3.0, moved.metric("wasserstein_distance"), 0.3, moved.toString());
    assertTrue(moved.metric("ks_critical_value") < 0.03, moved.toString());
    assertTrue(moved.metric("ks_statistic") > moved.metric("ks_critical_value"), moved.toString());
  }

  /** The same through a stored baseline: setDataDistributionStat centres what it stores. */
  @Test
  void aStoredBaselineOfYearsIsCentredToo() {
    mlops.setDataDistributionStat("years", years(20_000, 0, 23));
    FeatureDrift same = mlops.health().drift("years", years(20_000, 0, 24)).feature("year");
    assertFalse(same.drifted(), same.toString());
    assertTrue(same.score() < 0.05, same.toString());
    FeatureDrift moved = mlops.health().drift("years", years(20_000, 3, 24)).feature("year");
    assertTrue(moved.drifted(), moved.toString());
    assertEquals(0.3, moved.score(), 0.03, moved.toString());
  }

  private static long alerts() {
    return mlops.getEvents(Instant.EPOCH, Instant.now().plusSeconds(1))
        .where(col("type").equalTo("DATA_ALERT")).count();
  }

  private static void assertRefused(String expected, Supplier<?> call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
