package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.SparkPredicates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes Spark's filters and column pruning. Translatable filters prune partitions and files and are
 * applied to rows by the reader; Spark still evaluates every filter after the scan, so a filter
 * that only partly translates is still correct.
 */
public final class MLOpsScanBuilder implements SupportsPushDownV2Filters, SupportsPushDownRequiredColumns {

  private final SparkSession spark;
  private final ReadOptions options;
  private final SparkPredicates translator;
  private final List<Predicate> pushed = new ArrayList<>();
  private final List<RowFilter> filters = new ArrayList<>();
  private StructType readSchema;

  /** A scan builder over the table and options of a read. */
  public MLOpsScanBuilder(SparkSession spark, ReadOptions options) {
    this.spark = spark;
    this.options = options;
    this.translator = new SparkPredicates(options.table().schema());
    this.readSchema = options.table().sparkSchema();
    this.filters.addAll(options.filters());
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    for (Predicate p : predicates) {
      Optional<SparkPredicates.Translation> t = translator.translate(p);
      // With latest, a filter on anything but the key would change which row is the newest (the
      // reader would pick the newest row that passes), so only key filters reach the reader and
      // Spark applies the others to the latest rows.
      if (t.isPresent() && (!options.latest()
          || MLOpsPartitionReader.LATEST_KEY.containsAll(t.get().filter().columns()))) {
        pushed.add(p);
        filters.add(t.get().filter());
      }
    }
    return predicates;
  }

  @Override
  public Predicate[] pushedPredicates() {
    return pushed.toArray(new Predicate[0]);
  }

  @Override
  public void pruneColumns(StructType required) {
    // Keep whole top-level columns: the reader maps struct fields by position.
    Set<String> names = Set.of(required.fieldNames());
    StructType full = options.table().sparkSchema();
    StructType pruned = new StructType();
    for (StructField field : full.fields()) {
      if (names.contains(field.name())) {
        pruned = pruned.add(field);
      }
    }
    readSchema = pruned;
  }

  @Override
  public Scan build() {
    return new MLOpsScan(spark, options, readSchema, List.copyOf(filters));
  }
}
