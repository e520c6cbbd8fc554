package io.github.sparkmlops.sql.internal.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.ComparableValues;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.RunIdentity;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.model.TrainedModels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The {@code runs} view from a Spark aggregation of the {@code stats} table has the rows of the
 * driver's fold of every stats row through Kernel.
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
}
