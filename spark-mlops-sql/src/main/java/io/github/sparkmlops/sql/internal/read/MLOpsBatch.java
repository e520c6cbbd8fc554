package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.ScanPlan;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag$;

/** The planned files of a scan as Spark tasks, and the factory of their readers. */
final class MLOpsBatch implements Batch {

  private static final long TARGET_PARTITION_BYTES = 128L << 20;

  private final SparkSession spark;
  private final StoreTable table;
  private final StructType readSchema;
  private final Optional<RowFilter> filter;
  private final boolean latest;
  private final ScanPlan plan;

  MLOpsBatch(SparkSession spark, StoreTable table, StructType readSchema, Optional<RowFilter> filter,
      boolean latest, ScanPlan plan) {
    this.spark = spark;
    this.table = table;
    this.readSchema = readSchema;
    this.filter = filter;
    this.latest = latest;
    this.plan = plan;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    // One partition for latest: the newest row of a key can only be chosen where all its rows are.
    long bySize = (plan.totalBytes() + TARGET_PARTITION_BYTES - 1) / TARGET_PARTITION_BYTES;
    int count = latest ? 1 : (int) Math.max(spark.sparkContext().defaultParallelism(), bySize);
    return FilePartition.pack(plan.files(), count);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return readerFactory(spark, table, readSchema, filter, latest);
  }

  /** The executors' readers of a batch or a stream, with the session's Hadoop settings. */
  static PartitionReaderFactory readerFactory(SparkSession spark, StoreTable table,
      StructType readSchema, Optional<RowFilter> filter, boolean latest) {
    SerializableHadoopConf conf = new SerializableHadoopConf(spark.sessionState().newHadoopConf());
    boolean kernelReader = SparkSeam.PARQUET_READER.forced(spark.conf());
    return new MLOpsReaderFactory(
        spark.sparkContext().broadcast(conf, ClassTag$.MODULE$.apply(SerializableHadoopConf.class)),
        table, readSchema, filter.orElse(null), latest, kernelReader);
  }

  /**
   * Batches that read the same files the same way are equal, so Spark can tell that two scans in
   * one query (a self-join, say) produce the same rows and reuse one for the other.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof MLOpsBatch that && table == that.table && latest == that.latest
        && readSchema.equals(that.readSchema) && filter.equals(that.filter) && plan.equals(that.plan);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, readSchema, filter, latest, plan);
  }
}
