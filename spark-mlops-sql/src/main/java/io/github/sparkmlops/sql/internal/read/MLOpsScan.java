package io.github.sparkmlops.sql.internal.read;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.SnapshotBuilder;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.sql.internal.read.ReadOptions;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import scala.reflect.ClassTag$;

/**
 * A planned read of one store table: Kernel resolves the snapshot and prunes partitions and files
 * with the filters; the surviving files are spread over input partitions by size.
 */
public final class MLOpsScan implements org.apache.spark.sql.connector.read.Scan, Batch {

  private static final long TARGET_PARTITION_BYTES = 128L << 20;

  private final SparkSession spark;
  private final ReadOptions options;
  private final org.apache.spark.sql.types.StructType readSchema;
  private final List<RowFilter> filters;
  private List<FilePartition.DataFile> files;
  private long version = -1;

  MLOpsScan(SparkSession spark, ReadOptions options, org.apache.spark.sql.types.StructType readSchema,
      List<RowFilter> filters) {
    this.spark = spark;
    this.options = options;
    this.readSchema = readSchema;
    this.filters = filters;
  }

  @Override
  public org.apache.spark.sql.types.StructType readSchema() {
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
    return this;
  }

  /** The data files Kernel planned after partition pruning and file skipping. */
  public int plannedFiles() {
    return plan().size();
  }

  /** The Delta version read, or -1 when the table does not exist. */
  public long tableVersion() {
    plan();
    return version;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    List<FilePartition.DataFile> planned = new ArrayList<>(plan());
    if (planned.isEmpty()) {
      return new InputPartition[0];
    }
    long total = planned.stream().mapToLong(FilePartition.DataFile::size).sum();
    int count = options.latest() ? 1 : (int) Math.min(planned.size(),
        Math.max(spark.sparkContext().defaultParallelism(), (total + TARGET_PARTITION_BYTES - 1) / TARGET_PARTITION_BYTES));
    List<List<FilePartition.DataFile>> bins = new ArrayList<>();
    long[] sizes = new long[count];
    for (int i = 0; i < count; i++) {
      bins.add(new ArrayList<>());
    }
    planned.sort(Comparator.comparingLong(FilePartition.DataFile::size).reversed());
    for (FilePartition.DataFile file : planned) {
      int smallest = 0;
      for (int i = 1; i < count; i++) {
        if (sizes[i] < sizes[smallest]) {
          smallest = i;
        }
      }
      bins.get(smallest).add(file);
      sizes[smallest] += file.size();
    }
    return bins.stream().map(FilePartition::new).toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    SerializableHadoopConf conf = new SerializableHadoopConf(spark.sessionState().newHadoopConf());
    return new MLOpsReaderFactory(
        spark.sparkContext().broadcast(conf, ClassTag$.MODULE$.apply(SerializableHadoopConf.class)),
        options.table(), readSchema, RowFilter.and(filters), options.latest());
  }

  /** Kernel allows one listing of scan files per scan, and Spark may ask for partitions twice. */
  private synchronized List<FilePartition.DataFile> plan() {
    if (files != null) {
      return files;
    }
    Engine engine = Store.engine(spark.sessionState().newHadoopConf());
    String path = options.store().tablePath(options.table());
    Snapshot snapshot;
    try {
      snapshot = snapshot(engine, path);
    } catch (TableNotFoundException e) {
      files = List.of();
      return files;
    }
    version = snapshot.getVersion();
    StructType schema = options.table().schema();
    io.delta.kernel.ScanBuilder builder = snapshot.getScanBuilder();
    RowFilter all = RowFilter.and(filters);
    if (all != null) {
      builder = builder.withFilter(all.toKernel(schema));
    }
    Scan scan = builder.build();
    List<FilePartition.DataFile> planned = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            planned.add(dataFile(rows.next(), path));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Planning the read of " + path + " failed", e);
    }
    files = List.copyOf(planned);
    return files;
  }

  private Snapshot snapshot(Engine engine, String path) {
    SnapshotBuilder builder = TableManager.loadSnapshot(path);
    try {
      if (options.versionAsOf().isPresent()) {
        return builder.atVersion(options.versionAsOf().get()).build(engine);
      }
      if (options.timestampAsOf().isPresent()) {
        Snapshot latest = TableManager.loadSnapshot(path).build(engine);
        return builder.atTimestamp(options.timestampAsOf().get().toEpochMilli(), latest).build(engine);
      }
      return builder.build(engine);
    } catch (TableNotFoundException e) {
      throw e;
    } catch (KernelException e) {
      String option = options.versionAsOf().isPresent() ? "versionAsOf" : "timestampAsOf";
      throw new IllegalArgumentException("Option '" + option + "' names no version of " + path
          + ": " + e.getMessage(), e);
    }
  }

  private static FilePartition.DataFile dataFile(Row scanFile, String path) {
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    int dv = add.getSchema().indexOf("deletionVector");
    if (dv >= 0 && !add.isNullAt(dv)) {
      throw new UnsupportedOperationException("The table at " + path + " has deletion vectors "
          + "(it was changed by DELETE, UPDATE or MERGE with deletion vectors on), which the "
          + "mlops source does not read yet; read it with format(\"delta\")");
    }
    FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
    String date = InternalScanFileUtils.getPartitionValues(scanFile).get(StoreSchema.DATE);
    return new FilePartition.DataFile(status.getPath(), status.getSize(),
        status.getModificationTime(), (int) LocalDate.parse(date).toEpochDay());
  }
}
