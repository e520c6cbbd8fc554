package io.github.sparkmlops.examples;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.PredefinedStats;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.accumulate.CountAccumulator;
import io.github.sparkmlops.health.DriftReport;
import io.github.sparkmlops.health.FeatureDrift;
import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.PublishOptions;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.run.FlushReport;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.VectorValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The end-to-end demo: a small training job on local Spark that reports every kind of value to
 * the embedded store, publishes its model to the registry and serves it from there, then reads the
 * store back with {@code format("mlops")} and prints what it holds. On the way it checks this
 * week's data for drift from the training profile of the version in Production.
 *
 * <p>Runs under {@code spark-submit} (any master) or on its own (then on {@code local[2]}).
 */
public final class DemoJob {

  private DemoJob() {}

  public static void main(String[] args) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("spark-mlops-demo").config(conf);
    if (!conf.contains("spark.master")) {
      builder.master("local[2]").config("spark.ui.enabled", "false");
    }
    SparkSession spark = builder.getOrCreate();
    MLOps mlops = MLOps.init(spark);

    Dataset<Row> data = spark.range(0, 200_000)
        .selectExpr("id", "rand(7) * 100 AS age", "IF(rand(11) < 0.3, 'churn', 'stay') AS label")
        .cache();
    // one pass over the data profiles every column: table training.data, histograms training.data.*
    mlops.setDataDistributionStat("training.data", data.drop("id"));
    // an accumulator updated inside an action counts each row once, even if a task is retried
    CountAccumulator scored = mlops.countAccumulator("rows.scored");
    data.foreach((ForeachFunction<Row>) row -> scored.increment());
    long rows = data.count();
    mlops.setStat("rows.read", rows, StatCategory.CONFIG);
    mlops.setStat("model.type", "logistic-regression", StatCategory.CONFIG);
    mlops.setStat("hyper.parameters",
        OpaqueValue.of(Map.of("regParam", 0.01, "maxIter", 20)), StatCategory.CONFIG);

    double[] edges = {Double.NEGATIVE_INFINITY, 20, 40, 60, 80, Double.POSITIVE_INFINITY};
    double[] ageCounts = new double[edges.length - 1];
    for (Row r : data.selectExpr("CAST(LEAST(FLOOR(age / 20), 4) AS INT) AS bin")
        .groupBy("bin").count().collectAsList()) {
      ageCounts[r.getInt(0)] = r.getLong(1);
    }
    mlops.setStat("age.histogram", Histogram.continuous(edges, ageCounts), StatCategory.CONFIG);

    Map<String, Long> labels = new TreeMap<>();
    data.groupBy("label").count().collectAsList().forEach(r -> labels.put(r.getString(0), r.getLong(1)));
    mlops.setStat("label.histogram", Histogram.categorical(labels), StatCategory.CONFIG);

    Row moments = data.selectExpr("avg(age)", "stddev(age)", "min(age)", "max(age)").first();
    mlops.setStat("age.moments", VectorValue.labelled(
        new double[] {moments.getDouble(0), moments.getDouble(1), moments.getDouble(2),
            moments.getDouble(3)},
        List.of("mean", "stddev", "min", "max")));

    for (int epoch = 1; epoch <= 5; epoch++) {
      mlops.setStat("training.loss", 1.0 / epoch);
      mlops.setStat("precision.per.class",
          MultiLineGraph.of(List.of("churn", "stay"), new double[] {0.5 + epoch * 0.05, 0.8 + epoch * 0.02}));
    }
    mlops.setStat("confusion.matrix", Table.builder("predicted churn", "predicted stay")
        .namedRow("actual churn", 48_100, 11_900)
        .namedRow("actual stay", 9_800, 130_200)
        .build(), StatCategory.CONFIG);

    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
    for (int daysAgo = 7; daysAgo >= 1; daysAgo--) {
      mlops.setKpi("daily.revenue", 1000 + daysAgo * 13.5, today.minus(Duration.ofDays(daysAgo)));
    }
    mlops.setStat(PredefinedStats.PREDICTIONS_COUNT, rows);

    // the model registry: publish the trained pipeline, evaluate it, move it to Production, and
    // serve it the way an inference job would (the switch is recorded as a MODEL_ACCEPTED event)
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("label").setOutputCol("churned"),
        new VectorAssembler().setInputCols(new String[] {"age"}).setOutputCol("features"),
        new LogisticRegression().setLabelCol("churned").setMaxIter(10)}).fit(data);
    ModelVersion version = mlops.publishModel("churn", model, PublishOptions.none()
        .description("logistic regression on age").signature(data.select("age", "label").schema()));
    mlops.models().evaluateClassification(version, model.transform(data), "churned");
    mlops.models().transition("churn", version.version(), Stage.PRODUCTION, true, "demo");
    LiveModel<PipelineModel> serving =
        mlops.models().follow("models:/churn/Production", PipelineModel.class);
    long served = serving.get().transform(data.limit(1_000)).count();
    System.out.printf("model %s served %d rows%n", serving.version(), served);
    // health: this week's customers are older; compare them with the training profile of the
    // version in Production (training.data, the profile reported before it was published)
    Dataset<Row> week = spark.range(0, 50_000)
        .selectExpr("rand(13) * 100 + 20 AS age", "IF(rand(17) < 0.3, 'churn', 'stay') AS label");
    DriftReport drift = mlops.health().drift("models:/churn/Production", week);
    for (FeatureDrift f : drift.features()) {
      System.out.printf(Locale.ROOT, "drift of %s: %s %.3f (threshold %.2f)%s%n", f.column(),
          f.method(), f.score(), f.threshold(), f.drifted() ? " drifted" : "");
    }
    if (labels.getOrDefault("churn", 0L) > rows / 4) {
      mlops.dataAlert("high churn share", "more than a quarter of the rows are labelled churn");
    }

    // the whole store as one HTML page, beside it: open it in any browser, offline
    Path page = mlops.report().write(reportBeside(mlops.storeRoot()));

    FlushReport report = mlops.done();
    System.out.println("spark-mlops demo: " + report);
    String root = mlops.storeRoot();
    System.out.println("store: " + root);
    System.out.println("report: " + page);
    // the same store through SQL: a read-only catalog over it lists all its tables and views
    spark.conf().set("spark.sql.catalog.mlops", "io.github.sparkmlops.sql.MLOpsCatalog");
    spark.conf().set("spark.sql.catalog.mlops.store", root);
    System.out.println("SHOW TABLES IN mlops: " + String.join(", ",
        spark.sql("SHOW TABLES IN mlops").select("tableName").as(Encoders.STRING()).collectAsList()));
    print(spark, root, "stats", "name");
    print(spark, root, "events", "title");
    spark.read().format("mlops").option("store", root).option("table", "models").load()
        .orderBy("name", "version").collectAsList().forEach(r -> System.out.printf(
            "model %s version %d: %s, accuracy %.2f%n", r.getAs("name"), r.<Long>getAs("version"),
            r.getAs("stage"), r.<scala.collection.Map<String, Double>>getAs("metrics").get("accuracy").get()));
    spark.stop();
    if (!report.complete()) {
      System.exit(1);
    }
  }

  /**
   * Where the demos write their report: {@code mlops-report.html} beside a store on the local
   * filesystem, else in the working directory.
   */
  static Path reportBeside(String storeRoot) {
    URI root = new org.apache.hadoop.fs.Path(storeRoot).toUri();
    boolean local = root.getScheme() == null || "file".equals(root.getScheme());
    return local ? Path.of(root.getPath()).toAbsolutePath().resolveSibling("mlops-report.html")
        : Path.of("mlops-report.html").toAbsolutePath();
  }

  /** One line per name (or title) with its type and how many rows the store holds for it. */
  private static void print(SparkSession spark, String root, String table, String key) {
    Dataset<Row> rows = spark.read().format("mlops").option("store", root).option("table", table).load();
    List<Row> counts = rows.groupBy(key, "type").count().orderBy(key).collectAsList();
    System.out.printf("%s table: %d rows%n", table, counts.stream().mapToLong(r -> r.getLong(2)).sum());
    counts.forEach(r -> System.out.printf("  %-36s %-16s %d%n", r.getString(0), r.getString(1), r.getLong(2)));
  }
}
