package io.github.sparkmlops.sql.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.ComparableValues;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.config.RunIdentity;
import io.github.sparkmlops.internal.model.RunStatsCache;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.model.TrainedModels;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.TextValue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The {@code runs} view from a Spark job over the {@code stats} table has the rows of the driver's
 * fold of every stats row through Kernel, with either of the source's Parquet readers.
 */
class SparkRunsViewTest {

  private static final SparkSession spark = TestSpark.session();

  @Test
  void theSparkAggregationGivesTheRowsOfTheDriversFold() {
    Path root = TestSpark.newStoreRoot("spark runs view");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LINEAGE_ENABLED, "true");
    spark.conf().set(RunIdentity.NAME, "nightly");
    spark.conf().set(RunIdentity.TAG_PREFIX + "team", "growth");
    Instant tie = Instant.parse("2026-11-01T00:00:00Z");
    try {
      MLOps trained = MLOps.init(spark);
      trained.setParam("maxIter", 20).setParam("solver", "lbfgs").setParam("beta", Double.NaN)
          .setStat("reg", 0.1, StatCategory.CONFIG)
          .setStat("loss", 0.5).setStat("loss", Double.NaN).setStat("loss", 0.3)
          .setStat("rows", 7)
          // rows of the same time, in one file and (below) in another
          .setKpi("auc", 0.7, tie).setKpi("auc", 0.9, tie).setKpi("auc", 0.8, tie);
      trained.flush();
      trained.setStat("rows", 9).setKpi("auc", 0.6, tie);
      String data = root.resolveSibling("data").toString();
      spark.range(3).write().format("delta").save(data);
      spark.read().format("delta").load(data).count();
      trained.publishModel("churn", TrainedModels.classifier());
      assertTrue(trained.done().complete());
    } finally {
      for (String key : List.of(MLOpsConfig.STORE, MLOpsConfig.LINEAGE_ENABLED, RunIdentity.NAME,
          RunIdentity.TAG_PREFIX + "team")) {
        spark.conf().unset(key);
      }
    }

    StoreLayout store = new StoreLayout(root.toString());
    Configuration conf = spark.sessionState().newHadoopConf();
    long version = TableRows.version(Store.engine(conf), store.tablePath(StoreTable.STATS));
    List<Object[]> folded = StoreView.RUNS.rows(store, conf);
    List<Object[]> aggregated = StoreView.RUNS.rows(store, conf,
        new SparkRunStats(spark, store.root(), version));

    assertEquals(ComparableValues.of(folded), ComparableValues.of(aggregated));
    assertEquals(1, folded.size());
    Object[] run = folded.get(0);
    assertEquals("nightly", run[2]);
    assertEquals(Map.of("param.maxIter", "20.0", "param.solver", "lbfgs", "param.beta", "NaN",
        "reg", "0.1"), run[10]);
    // of rows of the same time, the last one the fold reads: Kernel lists the newer file first
    assertEquals(Map.of("loss", 0.3, "rows", 9.0, "auc", 0.8), run[11]);
    assertEquals(List.of("models:/churn/1"), run[12]);
    assertTrue(!((List<?>) run[13]).isEmpty() && !((List<?>) run[14]).isEmpty(),
        "the run's inputs and outputs, from the lineage table");
  }

  /**
   * Four hundred runs, each with ten names of its own, spread over the tasks: as many sums as
   * rows nearly, so that the task's index of sums grows and wraps around many times.
   */
  @Test
  void manyRunsWithNamesOfTheirOwnGiveTheFoldsRows() throws Exception {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    long seq = 0;
    List<List<Object[]>> files = new ArrayList<>();
    for (int file = 0; file < 4; file++) {
      List<Object[]> rows = new ArrayList<>();
      for (int run = file * 100; run < file * 100 + 100; run++) {
        RunContext context = new RunContext("app", "train", "driver", "run-" + run, "h" + run % 3);
        for (int row = 0; row < 30; row++) {
          rows.add(StoreSchema.statRow(new StatRecord(start.plusSeconds(row % 7), context, "w",
              ++seq, "run-" + run + ".name-" + row % 10, StatCategory.TIME_SERIES.name(),
              StatType.NUMBER, new NumberValue(row))));
        }
      }
      files.add(rows);
    }
    StoreLayout store = storeOf("spark runs view many runs", files);
    List<Object[]> folded = StoreView.RUNS.rows(store, conf());
    assertEquals(400, folded.size());
    assertEquals(ComparableValues.of(folded), ComparableValues.of(summedUpByTheJob(store)));
  }

  /**
   * Twelve files of rows of three runs, one of them in two contexts, eight names, CONFIG rows with
   * texts and numbers, NaN, and only five distinct times, so that most latest values are decided
   * among rows of the same time by the order the fold reads them in: files in Kernel's order,
   * split over the job's tasks.
   */
  @Test
  void manyFilesOfTiedRowsGiveTheFoldsRowsWithEitherReader() throws Exception {
    Random random = new Random(11);
    List<RunContext> contexts = List.of(new RunContext("churn", "train", "driver", "run-1", "h1"),
        new RunContext("churn", "score", "driver", "run-1", "h2"),
        new RunContext("fraud", "train", "node-2", "run-2", "h1"),
        new RunContext("fraud", "train", "node-2", "run-3", "h1"));
    long seq = 0;
    List<List<Object[]>> files = new ArrayList<>();
    for (int file = 0; file < 12; file++) {
      List<Object[]> rows = new ArrayList<>();
      for (int r = 0; r < 200 + random.nextInt(200); r++) {
        Instant time = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(random.nextInt(5));
        boolean config = random.nextInt(5) == 0;
        StatValue value = random.nextInt(4) == 0 ? new TextValue("t" + random.nextInt(100))
            : new NumberValue(random.nextInt(20) == 0 ? Double.NaN : random.nextInt(1000));
        rows.add(StoreSchema.statRow(new StatRecord(time,
            contexts.get(random.nextInt(contexts.size())), "writer", ++seq,
            "name-" + random.nextInt(8), (config ? StatCategory.CONFIG : StatCategory.TIME_SERIES)
            .name(), value instanceof TextValue ? StatType.STRING : StatType.NUMBER, value)));
      }
      files.add(rows);
    }
    StoreLayout store = storeOf("spark runs view ties", files);
    List<Object[]> folded = StoreView.RUNS.rows(store, conf());
    assertEquals(3, folded.size());
    for (String kernelReader : List.of("false", "true")) {
      spark.conf().set(SparkSeam.PARQUET_READER.setting(), kernelReader);
      try {
        assertEquals(ComparableValues.of(folded), ComparableValues.of(summedUpByTheJob(store)),
            "Kernel's reader: " + kernelReader);
      } finally {
        spark.conf().unset(SparkSeam.PARQUET_READER.setting());
      }
    }
  }

  private static Configuration conf() {
    return spark.sessionState().newHadoopConf();
  }

  /** A store whose {@code stats} table holds {@code files}, one commit each. */
  private static StoreLayout storeOf(String label, List<List<Object[]>> files) throws Exception {
    StoreLayout store = new StoreLayout(TestSpark.newStoreRoot(label).toString());
    DeltaTableWriter writer = Store.writers(Store.engine(conf()), store).get(StoreTable.STATS);
    for (int file = 0; file < files.size(); file++) {
      writer.append("writer", file + 1, files.get(file));
    }
    return store;
  }

  /**
   * The view of a copy of {@code store}, its {@code stats} summed up by the job, as the view does:
   * the job's sums merged per run, name and context by the cache, which holds nothing yet for a
   * store of its own. The job reads the table's latest version.
   */
  private static List<Object[]> summedUpByTheJob(StoreLayout store) throws Exception {
    StoreLayout copy = new StoreLayout(TestSpark.copyTree(Path.of(store.root()),
        TestSpark.newStoreRoot("spark runs view, a copy")).toString());
    long latest = TableRows.version(Store.engine(conf()), copy.tablePath(StoreTable.STATS));
    List<Long> read = new ArrayList<>();
    List<Object[]> rows = StoreView.RUNS.rows(copy, conf(), RunStatsCache.current(copy, conf(),
        (version, bytes) -> {
          read.add(version);
          return Optional.of(new SparkRunStats(spark, copy.root(), version));
        }));
    assertEquals(List.of(latest), read, "the job summed up the latest version, once");
    return rows;
  }
}
