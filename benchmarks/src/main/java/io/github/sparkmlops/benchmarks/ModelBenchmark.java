package io.github.sparkmlops.benchmarks;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry's overhead, against MLlib's own {@code save}/{@code load} of the
 * same small {@code PipelineModel} (assembler, scaler, logistic regression), in one run:
 *
 * <ol>
 *   <li><b>Publish</b>: {@code mlops.publishModel} (MLlib's save into the store, a SHA-256 of every
 *       file, one Delta commit) against {@code model.write().save(path)} to a fresh folder.
 *   <li><b>Load</b>: {@code mlops.loadModel("models:/NAME/VERSION")} (resolving the URI, checking
 *       every file's SHA-256, MLlib's load) against {@code PipelineModel.load(path)}.
 *   <li><b>Per-batch check</b>: {@code LiveModel.get()} when nothing moved (what an inference stream
 *       pays every micro-batch), and when the Production stage moved to another version.
 *   <li><b>The runs view</b> of a stats table of {@code statRows} rows, read for the first time
 *       and while a job flushes, against Spark's own aggregation of the same rows ({@code
 *       format("mlops")}, group by run).
 * </ol>
 *
 * <p>The registry holds {@code versions} versions of the model with a transition each before the
 * timed runs, so the check reads a registry with a history. Arguments: {@code [runs] [versions]}
 * {@code [statRows] [arms]}, default {@code 15 50 1000000 all}; {@code arms} {@code publish} or
 * {@code view} runs only that measure (and what it needs), to profile one path alone.
 */
public final class ModelBenchmark {

  private ModelBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int versions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int statRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    String arms = args.length > 3 ? args[3] : "all";
    boolean publishArm = !arms.equals("view");
    boolean viewArm = !arms.equals("publish");
    Path dir = Files.createTempDirectory("spark-mlops-model-bench-");
    SparkSession spark = BenchSpark.builder("spark-mlops-model-benchmark")
        .config(MLOpsConfig.STORE, dir.resolve("store").toString())
        .config(MLOpsConfig.LISTENER_ENABLED, "false")
        .getOrCreate();
    MLOps mlops = MLOps.init(spark);
    try {
      if (publishArm) {
        registry(spark, mlops, dir, runs, versions);
      }
      if (viewArm) {
        runsView(spark, mlops, dir, statRows);
      }
    } finally {
      mlops.done();
      spark.stop();
    }
  }

  /** Publish, load and the per-batch checks, each against MLlib's own save or load. */
  private static void registry(SparkSession spark, MLOps mlops, Path dir, int runs, int versions)
      throws java.io.IOException {
    PipelineModel model = train(spark);
    AtomicInteger folder = new AtomicInteger();
    Runnable save = () -> {
      try {
        model.write().save(dir.resolve("mllib/" + folder.incrementAndGet()).toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    // Save and publish in pairs, the order alternating, as the other harnesses pair their arms:
    // timed one block after the other, the JVM's warming and the machine's drift between the
    // blocks moved the ratio by more than the difference it measures.
    double[] saves = new double[runs];
    double[] publishes = new double[runs];
    double[] pairRatios = new double[runs];
    for (int i = -3; i < runs; i++) {
      boolean saveFirst = (i & 1) == 0;
      double first = Timing.millis(saveFirst ? save : () -> mlops.publishModel("bench", model));
      double second = Timing.millis(saveFirst ? () -> mlops.publishModel("bench", model) : save);
      if (i >= 0) {
        saves[i] = saveFirst ? first : second;
        publishes[i] = saveFirst ? second : first;
        pairRatios[i] = publishes[i] / saves[i];
      }
    }
    double mllibSave = median(saves);
    double publish = median(publishes);
    double pairRatio = median(pairRatios);
    String saved = dir.resolve("mllib/1").toString();
    double mllibLoad = Timing.medianMillis(3, runs, () -> PipelineModel.load(saved));
    double load = Timing.medianMillis(3, runs,
        () -> mlops.loadModel("models:/bench/2", PipelineModel.class));
    long files;
    try (var walk = Files.walk(Path.of(saved))) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).count();
    }

    for (int i = mlops.models().versions("bench").size(); i < versions; i++) {
      mlops.publishModel("bench", model);
    }
    for (int v = 1; v <= versions; v++) {
      mlops.models().transition("bench", v, Stage.STAGING);
    }
    mlops.models().transition("bench", 1, Stage.PRODUCTION, true, "benchmark");
    LiveModel<PipelineModel> live = mlops.models().follow("models:/bench/Production", PipelineModel.class);
    live.get();
    double unchanged = Timing.medianMillis(20, Math.max(runs, 101), live::get);
    List<Double> switches = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long next = (i % (versions - 1)) + 2;
      mlops.models().transition("bench", next, Stage.PRODUCTION, true, "switch");
      switches.add(Timing.millis(live::get));
    }
    switches.sort(Double::compare);
    double switched = switches.get(switches.size() / 2);

    System.out.printf(Locale.ROOT, "Small PipelineModel: %d files%n", files);
    System.out.printf(Locale.ROOT, "publish: mlops %.1f ms, MLlib save %.1f ms, ratio %.2f%n",
        publish, mllibSave, publish / mllibSave);
    System.out.printf(Locale.ROOT, "publish / save: median of the %d pairs' ratios %.2f%n", runs,
        pairRatio);
    System.out.printf(Locale.ROOT, "load:    mlops %.1f ms, MLlib load %.1f ms, ratio %.2f%n",
        load, mllibLoad, load / mllibLoad);
    System.out.printf(Locale.ROOT, "per-batch check, nothing moved: %.2f ms (%.3f of an MLlib load)%n",
        unchanged, unchanged / mllibLoad);
    System.out.printf(Locale.ROOT, "per-batch check, Production moved: %.1f ms (%.2f of an MLlib load)%n",
        switched, switched / mllibLoad);
    System.out.printf(Locale.ROOT, "registry: %d versions, %d history rows%n", versions,
        spark.read().format("delta").load(dir.resolve("store/model_history").toString()).count());
  }

  /**
   * The runs view of {@code statRows} stats rows against Spark's group-by of the same rows, read
   * two ways. First read: a copy of the {@code stats} table in a store of its own each time, so
   * that nothing is kept for it (the view sums it up in a Spark job). As a job flushes: 10,000 more
   * rows flushed, untimed, before each read of both (the view reads the new file alone).
   */
  private static void runsView(SparkSession spark, MLOps mlops, Path dir, int statRows)
      throws IOException {
    for (int flush = 0; flush < statRows / 10_000; flush++) {
      flushTenThousand(mlops);
    }
    int reads = 5;
    double[][] first = new double[2][reads];
    for (int i = -1; i < reads; i++) {
      Path copy = dir.resolve("first-read-" + (i + 1));
      copyFolder(dir.resolve("store/stats"), copy.resolve("stats"));
      double view = Timing.millis(() -> runs(spark, copy));
      double peer = Timing.millis(() -> groupByRun(spark, copy));
      if (i >= 0) {
        first[0][i] = view;
        first[1][i] = peer;
      }
    }
    double[][] growing = new double[2][reads];
    for (int i = -1; i < reads; i++) {
      flushTenThousand(mlops);
      double view = Timing.millis(() -> runs(spark, dir.resolve("store")));
      double peer = Timing.millis(() -> groupByRun(spark, dir.resolve("store")));
      if (i >= 0) {
        growing[0][i] = view;
        growing[1][i] = peer;
      }
    }
    System.out.printf(Locale.ROOT, "runs view over %d stats rows, first read: %.0f ms; Spark's "
        + "group-by on format(\"mlops\") %.0f ms; ratio %.2f%n", statRows, median(first[0]),
        median(first[1]), median(first[0]) / median(first[1]));
    System.out.printf(Locale.ROOT, "runs view while a job flushes 10,000 rows before each read: "
        + "%.0f ms; Spark's group-by %.0f ms; ratio %.2f%n", median(growing[0]),
        median(growing[1]), median(growing[0]) / median(growing[1]));
  }

  private static void flushTenThousand(MLOps mlops) {
    for (int i = 0; i < 10_000; i++) {
      mlops.setStat("metric." + (i % 50), i);
    }
    mlops.flush();
  }

  private static void runs(SparkSession spark, Path store) {
    spark.read().format("mlops").option("store", store.toString()).option("table", "runs").load()
        .collectAsList();
  }

  private static void groupByRun(SparkSession spark, Path store) {
    spark.read().format("mlops").option("store", store.toString()).load().groupBy("run_id")
        .agg(org.apache.spark.sql.functions.min("time"), org.apache.spark.sql.functions.max("time"),
            org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.max_by(org.apache.spark.sql.functions.col("value"),
                org.apache.spark.sql.functions.col("time")))
        .collectAsList();
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static PipelineModel train(SparkSession spark) {
    Random random = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      rows.add(RowFactory.create(a + b > 0 ? 1.0 : 0.0, a, b, random.nextDouble()));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType);
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    return new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features"),
        new LogisticRegression().setMaxIter(20)}).fit(data);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
