package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.compat.SparkSeam;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import java.util.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;
import scala.reflect.ClassTag$;

/**
 * Creates the columnar readers on executors; everything it holds is serializable.
 *
 * @param filter the rows to return, or null for all (Optional is not serializable)
 * @param kernelReader whether {@code spark.mlops.fallback.parquetReader} forces Kernel's reader
 */
public record MLOpsReaderFactory(
    Broadcast<SerializableConfiguration> conf, StoreTable table, StructType output,
    RowFilter filter, boolean latest, boolean kernelReader) implements PartitionReaderFactory {

  /**
   * The readers of a batch, a stream, or a job that reads {@link FilePartition}s outside a query
   * (the {@code runs} view's sums), with the session's Hadoop settings.
   */
  public static MLOpsReaderFactory of(SparkSession spark, StoreTable table, StructType output,
      Optional<RowFilter> filter, boolean latest) {
    // Spark's own holder of Hadoop settings, which Spark registers with Kryo to be written with
    // Java serialization: a holder of our own would reach executors empty under Kryo (its
    // configuration is a transient field that Kryo skips) and be refused where Kryo requires
    // registration
    SerializableConfiguration conf =
        new SerializableConfiguration(spark.sessionState().newHadoopConf());
    boolean kernelReader = SparkSeam.PARQUET_READER.forced(spark.conf());
    Broadcast<SerializableConfiguration> shipped = spark.sparkContext()
        .broadcast(conf, ClassTag$.MODULE$.apply(SerializableConfiguration.class));
    return new MLOpsReaderFactory(shipped, table, output, filter.orElse(null), latest,
        kernelReader);
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    throw new UnsupportedOperationException("The mlops source reads columnar batches only");
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    try {
      return new MLOpsPartitionReader(conf.value().value(), table, output, filter, latest,
          kernelReader, (FilePartition) partition);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Reading " + partition + " failed", e);
    }
  }
}
