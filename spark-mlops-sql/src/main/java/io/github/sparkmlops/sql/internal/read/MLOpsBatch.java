package io.github.sparkmlops.sql.internal.read;

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

/** The planned files of a scan as Spark tasks, and the factory of their readers. */
final class MLOpsBatch implements Batch {

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
    int count = latest ? 1
        : FilePartition.count(plan.totalBytes(), spark.sparkContext().defaultParallelism());
    return FilePartition.pack(plan.files(), count);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return MLOpsReaderFactory.of(spark, table, readSchema, filter, latest);
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
