package io.github.sparkmlops.sql.internal.view;

import io.github.sparkmlops.internal.model.RunStats;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import io.github.sparkmlops.sql.internal.plan.ScanPlan;
import io.github.sparkmlops.sql.internal.plan.ScanPlanner;
import io.github.sparkmlops.sql.internal.plan.SnapshotSpec;
import io.github.sparkmlops.sql.internal.read.MLOpsReaderFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/**
 * The {@code runs} view's {@link RunStats} from one Spark job over the {@code stats} table: each
 * task reads a run of consecutive data files with the source's reader and sums their rows up per
 * run, name and context ({@link RunStatsFold}); the driver gets those sums, in the order of the
 * files, instead of every stats row.
 *
 * <p>A job of its own, not a query: the view's result is the driver's fold of the rows in the
 * order Kernel lists the files (of rows of the same time, the last one read), which a Spark
 * aggregation does not keep. The job is no lineage input either: it is the view's read, not a
 * run's.
 */
final class SparkRunStats implements RunStats.Source {

  /** The local property {@code SparkContext.setJobDescription} sets. */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private final SparkSession spark;
  private final String store;
  private final long version;

  /**
   * @param store the store's root
   * @param version the {@code stats} version to read, so that the rows are those of the snapshot
   *     the caller sized
   */
  SparkRunStats(SparkSession spark, String store, long version) {
    this.spark = spark;
    this.store = store;
    this.version = version;
  }

  @Override
  public void forEach(Consumer<RunStats> each) {
    SparkContext context = spark.sparkContext();
    ScanPlan plan = new ScanPlanner(spark.sessionState().newHadoopConf(), new StoreLayout(store),
        StoreTable.STATS).planSnapshot(new SnapshotSpec(Optional.of(version), Optional.empty()),
        Optional.empty());
    FilePartition[] partitions = FilePartition.inOrder(plan.files(),
        FilePartition.count(plan.totalBytes(), context.defaultParallelism()));
    if (partitions.length == 0) {
      return;
    }
    PartitionReaderFactory readers = MLOpsReaderFactory.of(spark, StoreTable.STATS,
        RunStatsFold.columns(), Optional.empty(), false);
    String description = context.getLocalProperty(JOB_DESCRIPTION);
    context.setJobDescription("mlops runs view: summing up " + plan.files().size()
        + " stats files of " + store);
    // The tasks get their files through the closure, which Spark serializes with Java's
    // serialization (once per stage), and only their numbers as data: the data serializer may be
    // Kryo, which cannot make records. Their sums come back as bytes for the same reason.
    List<Integer> numbers = IntStream.range(0, partitions.length).boxed().toList();
    try {
      JavaSparkContext.fromSparkContext(context)
          .parallelize(numbers, partitions.length)
          .mapPartitions(taskNumbers -> RunStatsFold.sums(readers, partitions, taskNumbers))
          .collect()
          .forEach(result -> RunStatsFold.decode(result).forEach(each));
    } finally {
      context.setJobDescription(description);
    }
  }
}
