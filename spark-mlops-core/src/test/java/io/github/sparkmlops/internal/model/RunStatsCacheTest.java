package io.github.sparkmlops.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.ComparableValues;
import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code runs} view through the {@link RunStatsCache}: a store that grew is read in its new
 * data files alone, one whose files were rewritten is read whole, and either way the rows are those
 * of a first read of the same store (a copy of it, which nothing is kept for).
 */
class RunStatsCacheTest {

  private static final List<String> KEYS =
      List.of(MLOpsConfig.STORE, MLOpsConfig.MAINTENANCE_ENABLED, MLOpsConfig.MAINTENANCE_MIN_FILES);

  private final SparkSession spark = TestSpark.session();
  private final Configuration conf = spark.sessionState().newHadoopConf();
  /** The bytes each read asked to read, as the {@link RunStatsCache.Whole} is told them. */
  private final List<Long> asked = new ArrayList<>();
  private final RunStatsCache.Whole onTheDriver = (version, bytes) -> {
    asked.add(bytes);
    return Optional.empty();
  };

  @AfterEach
  void unset() {
    KEYS.forEach(spark.conf()::unset);
  }

  @Test
  void aGrownStoreIsReadInItsNewFilesAloneAndARewrittenOneWhole() throws IOException {
    Path root = TestSpark.newStoreRoot("runs cache");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "false");
    spark.conf().set(MLOpsConfig.MAINTENANCE_MIN_FILES, "2");
    StoreLayout store = new StoreLayout(root.toString());
    Path stats = root.resolve("stats");
    Instant tie = Instant.parse("2026-11-01T00:00:00Z");
    MLOps mlops = MLOps.init(spark);
    try {
      mlops.setParam("maxIter", 20).setStat("loss", 0.5).setStat("rows", 7)
          .setKpi("auc", 0.7, tie).setKpi("auc", 0.9, tie);
      mlops.flush();
      Map<Path, Long> first = dataFiles(stats);
      List<Object[]> read = view(store);
      assertEquals(List.of(sum(first)), asked, "a store read for the first time is read whole");
      assertEquals(ComparableValues.of(firstRead(TestSpark.copyTree(root,
          TestSpark.newStoreRoot("runs cache copy")))), ComparableValues.of(read));

      // values of the time of older ones, a NaN, a new parameter and a name seen before
      mlops.setKpi("auc", 0.6, tie).setStat("loss", Double.NaN).setStat("rows", 9)
          .setParam("solver", "lbfgs");
      mlops.flush();
      Map<Path, Long> grown = dataFiles(stats);
      Map<Path, Long> added = new HashMap<>(grown);
      added.keySet().removeAll(first.keySet());
      assertTrue(!added.isEmpty() && grown.keySet().containsAll(first.keySet()), grown.toString());
      // copied now, read after the view: the sums of two stores are kept, the store's and the last
      Path copy = TestSpark.copyTree(root, TestSpark.newStoreRoot("runs cache copy"));
      asked.clear();
      // the files read before are moved away: a read that opened one would fail
      Path aside = TestSpark.newFolder("aside");
      for (Path file : first.keySet()) {
        Files.move(file, aside.resolve(file.getFileName()));
      }
      try {
        read = view(store);
      } finally {
        for (Path file : first.keySet()) {
          Files.move(aside.resolve(file.getFileName()), file);
        }
      }
      assertEquals(List.of(sum(added)), asked, "only the new files are read");
      List<Object[]> expected = firstRead(copy);
      assertEquals(ComparableValues.of(expected), ComparableValues.of(read));
      Object[] run = read.get(0);
      assertEquals(Map.of("param.maxIter", "20.0", "param.solver", "lbfgs"), run[10]);
      // of values of the same time, the older file's: Kernel lists the newest file first
      assertEquals(0.9, ((Map<?, ?>) run[11]).get("auc"));
      assertEquals(Double.NaN, ((Map<?, ?>) run[11]).get("loss"));
      assertEquals(9.0, ((Map<?, ?>) run[11]).get("rows"));

      asked.clear();
      assertEquals(ComparableValues.of(expected), ComparableValues.of(view(store)));
      assertEquals(List.of(), asked, "nothing new: nothing read");

      MaintenanceReport report = mlops.maintain();
      assertTrue(report.tables().get(0).filesCompacted() >= 2, report.toString());
      asked.clear();
      read = view(store);
      // the files replaced stay on disk until the file retention has passed: Kernel lists the live
      long live = TableRows.dataFiles(Store.engine(conf), store.tablePath(StoreTable.STATS),
          TableRows.latest(Store.engine(conf), store.tablePath(StoreTable.STATS)).orElseThrow())
          .stream().mapToLong(TableRows.DataFile::bytes).sum();
      assertEquals(List.of(live), asked, "rewritten files: read whole again");
      assertEquals(ComparableValues.of(expected), ComparableValues.of(read));
    } finally {
      assertTrue(mlops.done().complete());
    }
  }

  @Test
  void aStoreReadAfterEveryFlushIsReadInItsNewFileAcrossCheckpoints() throws IOException {
    Path root = TestSpark.newStoreRoot("runs cache checkpoints");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.MAINTENANCE_ENABLED, "false");
    StoreLayout store = new StoreLayout(root.toString());
    Path stats = root.resolve("stats");
    MLOps mlops = MLOps.init(spark);
    try {
      Map<Path, Long> before = Map.of();
      long counted = 0;
      for (int flush = 0; flush < 5; flush++) {
        mlops.setStat("loss", 1.0 / (flush + 1)).setStat("step." + flush, flush);
        mlops.flush();
        if (flush == 0) {
          // a checkpoint every other commit: the files read before and the new one land in them
          spark.sql("ALTER TABLE delta.`" + stats + "` SET TBLPROPERTIES "
              + "('delta.checkpointInterval' = '2')");
        }
        Map<Path, Long> now = dataFiles(stats);
        Map<Path, Long> added = new HashMap<>(now);
        added.keySet().removeAll(before.keySet());
        asked.clear();
        List<Object[]> read = view(store);
        assertEquals(List.of(sum(added)), asked, "flush " + flush + ": its new file alone");
        long count = (Long) read.get(0)[15];
        if (flush > 0) {
          assertEquals(counted + 2, count, "the stats count after flush " + flush);
        }
        counted = count;
        before = now;
      }
      try (Stream<Path> log = Files.list(stats.resolve("_delta_log"))) {
        assertTrue(log.anyMatch(f -> f.getFileName().toString().contains(".checkpoint.")),
            "the reads came across checkpoints");
      }
      assertEquals(ComparableValues.of(firstRead(TestSpark.copyTree(root,
          TestSpark.newStoreRoot("runs cache copy")))), ComparableValues.of(view(store)));
    } finally {
      assertTrue(mlops.done().complete());
    }
  }

  private List<Object[]> view(StoreLayout store) {
    return StoreView.RUNS.rows(store, conf, RunStatsCache.current(store, conf, onTheDriver));
  }

  /** The view of a copy of a store, read for the first time. */
  private List<Object[]> firstRead(Path copy) {
    return StoreView.RUNS.rows(new StoreLayout(copy.toString()), conf);
  }

  /** The table's Parquet files on disk (with any it no longer lists but still keeps). */
  private static Map<Path, Long> dataFiles(Path table) throws IOException {
    Map<Path, Long> files = new HashMap<>();
    try (Stream<Path> all = Files.walk(table)) {
      for (Path file : all.filter(p -> p.toString().endsWith(".parquet")
          && !p.toString().contains("_delta_log")).toList()) {
        files.put(file, Files.size(file));
      }
    }
    return files;
  }

  private static long sum(Map<Path, Long> files) {
    return files.values().stream().mapToLong(Long::longValue).sum();
  }
}
