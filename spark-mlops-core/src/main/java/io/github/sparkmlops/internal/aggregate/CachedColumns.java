package io.github.sparkmlops.internal.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.columnar.CachedRDDBuilder;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A scan of every row of a cached Dataset, taken as two halves of the same cached batches: the
 * columns the cache can hand out as column batches (numbers and booleans in Spark's own cache
 * format, the only one split), and the other columns (strings, say) as rows. Spark's scan of a
 * cache hands out rows for every column as soon as one column cannot be a batch column, and
 * turning every numeric value into a row cost more than the profile's own work on it.
 *
 * <p>Both halves read the cached batches of a partition in one task. Only a cache that is fully
 * loaded, at a storage level that moves what memory cannot hold to disk rather than dropping it,
 * is split: both halves then read the same stored rows, never a partition computed twice (which
 * a non-deterministic source could compute differently).
 */
public final class CachedColumns {

  /** The batch half: the batch columns, in the scan's order. */
  final JavaRDD<ColumnarBatch> batches;
  /** The row half: the other columns, in the scan's order. */
  final JavaRDD<InternalRow> rows;
  /** Whether each of the scan's columns is in the batch half. */
  final boolean[] inBatches;

  private CachedColumns(JavaRDD<ColumnarBatch> batches, JavaRDD<InternalRow> rows,
      boolean[] inBatches) {
    this.batches = batches;
    this.rows = rows;
    this.inBatches = inBatches;
  }

  /**
   * The two halves of {@code plan}, or null unless it is a plain scan of every row of such a
   * cache (no filter) with columns of both kinds, and the session reads caches as batches.
   */
  public static CachedColumns of(SparkPlan plan) {
    if (!(plan instanceof InMemoryTableScanExec scan) || !scan.predicates().isEmpty()
        || plan.supportsColumnar()) {
      return null;
    }
    SQLConf conf = plan.conf();
    CachedRDDBuilder cache = scan.relation().cacheBuilder();
    if (!conf.cacheVectorizedReaderEnabled() || !cache.storageLevel().useDisk()
        || !cache.isCachedColumnBuffersLoaded()) {
      return null;
    }
    CachedBatchSerializer serializer = cache.serializer();
    if (!(serializer instanceof DefaultCachedBatchSerializer)) {
      // another serializer may reuse one batch for the next: the profile closes each it reads
      return null;
    }
    List<Attribute> output = CollectionConverters.asJava(scan.output());
    List<Attribute> batchColumns = new ArrayList<>();
    List<Attribute> rowColumns = new ArrayList<>();
    boolean[] inBatches = new boolean[output.size()];
    for (int i = 0; i < inBatches.length; i++) {
      Attribute a = output.get(i);
      inBatches[i] = serializer.supportsColumnarOutput(new StructType(
          new StructField[] {new StructField(a.name(), a.dataType(), a.nullable(), a.metadata())}));
      (inBatches[i] ? batchColumns : rowColumns).add(a);
    }
    if (batchColumns.isEmpty() || rowColumns.isEmpty()) {
      return null;
    }
    RDD<CachedBatch> stored = cache.cachedColumnBuffers();
    Seq<Attribute> cached = scan.relation().output();
    return new CachedColumns(
        serializer.convertCachedBatchToColumnarBatch(stored, cached, seq(batchColumns), conf)
            .toJavaRDD(),
        serializer.convertCachedBatchToInternalRow(stored, cached, seq(rowColumns), conf)
            .toJavaRDD(),
        inBatches);
  }

  private static Seq<Attribute> seq(List<Attribute> attributes) {
    return CollectionConverters.asScala(attributes).toSeq();
  }
}
