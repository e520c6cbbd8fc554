package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.ScanPlan;
import io.github.sparkmlops.sql.internal.plan.ScanPlanner;
import io.github.sparkmlops.sql.internal.stream.MLOpsMicroBatchStream;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/**
 * A read of one store table with its columns and filters settled. It plans through Kernel once,
 * when Spark first asks for a batch (not while it is still optimising), and every batch of this
 * scan reads that one plan. As a stream it tails the table's log instead.
 */
public final class MLOpsScan implements Scan {

  private final SparkSession spark;
  private final ReadOptions options;
  private final StructType readSchema;
  private final List<RowFilter> filters;
  private ScanPlan plan;

  MLOpsScan(SparkSession spark, ReadOptions options, StructType readSchema, List<RowFilter> filters) {
    this.spark = spark;
    this.options = options;
    this.readSchema = readSchema;
    this.filters = List.copyOf(filters);
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "MLOpsScan[" + options.table().directory() + " at " + options.store().root()
        + (options.latest() ? ", latest" : "") + ", filters="
        + RowFilter.describe(filters, options.table().schema()) + "]";
  }

  @Override
  public Batch toBatch() {
    Optional<String> streamOnly = options.stream().anyGiven();
    if (streamOnly.isPresent()) {
      throw new IllegalArgumentException("Option '" + streamOnly.get() + "' applies to "
          + "spark.readStream() only; a batch read takes versionAsOf or timestampAsOf");
    }
    return new MLOpsBatch(spark, options.table(), readSchema, RowFilter.and(filters),
        options.latest(), plan());
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    if (options.latest()) {
      throw new IllegalArgumentException("Option 'latest' applies to batch reads only");
    }
    if (options.snapshot().version().isPresent() || options.snapshot().timestamp().isPresent()) {
      throw new IllegalArgumentException("Options 'versionAsOf' and 'timestampAsOf' apply to "
          + "batch reads only; a stream takes startingVersion or startingTimestamp");
    }
    return new MLOpsMicroBatchStream(spark.sessionState().newHadoopConf(), options.store(),
        options.table(), RowFilter.and(filters), options.stream(),
        MLOpsReaderFactory.of(spark, options.table(), readSchema, RowFilter.and(filters), false),
        () -> spark.sparkContext().defaultParallelism());
  }

  /** The snapshot version and data files this scan reads, planned on first use. */
  public synchronized ScanPlan plan() {
    if (plan == null) {
      ScanPlanner planner = new ScanPlanner(spark.sessionState().newHadoopConf(), options.store(),
          options.table());
      plan = planner.planSnapshot(options.snapshot(), RowFilter.and(filters));
    }
    return plan;
  }
}
