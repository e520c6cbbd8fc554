package io.github.sparkmlops.internal.aggregate;

import io.github.sparkmlops.aggregate.DataProfiler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.Option;

/**
 * Runs a profile as one Spark job of its own over a Dataset's physical plan: column batches
 * straight from the scan where the plan is one that produces them (Parquet or ORC files; a cache
 * whose columns are all numeric or boolean), a cache's numeric columns as batches and its other
 * columns as rows where the plan is a scan of a whole cache ({@link CachedColumns}), rows
 * otherwise. Reading the batches skips the row Spark would otherwise copy every value into for an
 * aggregate: on 10 million Parquet rows the profile took 0.6x to 0.9x the time of the same
 * profile through {@link ProfileAggregate}. Each task hands its profile back as bytes
 * ({@link PartitionResults}).
 *
 * <p>This is the one class that knows Spark's physical plans; {@link ProfileAggregate} serves
 * {@code agg} and {@code observe}, where Spark owns the plan. It needs classic Spark (not Spark
 * Connect) and a batch Dataset. Its plan classes differ between Spark lines and vendor runtimes:
 * it is the internal path of {@link io.github.sparkmlops.internal.compat.SparkSeam#PROFILE_JOB},
 * whose fallback is {@code df.agg(DataProfiler.column())}.
 */
public final class ProfileJob {

  private ProfileJob() {}

  /** Profiles every column of {@code df}, column {@code i} as {@code spec.kinds()[i]}. */
  public static ProfileBuffer run(Dataset<?> df, ProfileAggregate.Spec spec) {
    if (!(df instanceof org.apache.spark.sql.classic.Dataset<?> classic)) {
      throw new IllegalArgumentException(
          "profile needs a classic Spark Dataset, not a Spark Connect one");
    }
    StructField[] fields = df.schema().fields();
    List<Expression> inputs = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      inputs.add(new BoundReference(i, fields[i].dataType(), fields[i].nullable()));
    }
    QueryExecution execution = classic.queryExecution();
    return SQLExecution.withNewExecutionId(execution, Option.apply("mlops profile"), () -> {
      SparkPlan plan = execution.executedPlan();
      SparkPlan columnar = columnarSource(plan);
      if (columnar != null) {
        return profile(columnar.executeColumnar().toJavaRDD(), inputs, spec);
      }
      CachedColumns cached = CachedColumns.of(plan);
      return cached != null
          ? profile(cached, fields, inputs, spec)
          : profile(plan.execute().toJavaRDD(), inputs, spec);
    });
  }

  /** Profiles a cache's two halves: its batch columns as batches, the others as rows. */
  private static ProfileBuffer profile(CachedColumns cached, StructField[] fields,
      List<Expression> inputs, ProfileAggregate.Spec spec) {
    List<Expression> batchInputs = new ArrayList<>(fields.length);
    List<Expression> rowInputs = new ArrayList<>(fields.length);
    int inBatch = 0;
    int inRow = 0;
    for (int i = 0; i < fields.length; i++) {
      boolean batch = cached.inBatches[i];
      Expression input = new BoundReference(batch ? inBatch++ : inRow++, fields[i].dataType(),
          fields[i].nullable());
      batchInputs.add(batch ? input : null);
      rowInputs.add(batch ? null : input);
    }
    return merged(cached.batches.zipPartitions(cached.rows,
        new SplitProfiler(inputs, batchInputs, rowInputs, spec)), inputs, spec);
  }

  private static <T> ProfileBuffer profile(JavaRDD<T> items, List<Expression> inputs,
      ProfileAggregate.Spec spec) {
    return merged(items.mapPartitions(new PartitionProfiler<>(inputs, spec)), inputs, spec);
  }

  /** The partitions' profiles, each handed back as {@link ProfileBuffer#toBytes()}, merged. */
  private static ProfileBuffer merged(JavaRDD<byte[]> partitions, List<Expression> inputs,
      ProfileAggregate.Spec spec) {
    ProfileBuffer total = spec.newBuffer(inputs);
    PartitionResults.merge(partitions, bytes -> total.merge(ProfileBuffer.fromBytes(bytes)));
    return total;
  }

  /**
   * The plan under Spark's columnar-to-row step when that step is all the plan adds (possibly
   * inside a whole-stage codegen stage), or the plan itself when it produces batches; else null.
   */
  public static SparkPlan columnarSource(SparkPlan plan) {
    if (plan instanceof WholeStageCodegenExec stage) {
      plan = stage.child();
    }
    if (plan instanceof ColumnarToRowExec toRows) {
      plan = toRows.child();
    }
    return plan.supportsColumnar() ? plan : null;
  }

  /**
   * Profiles one partition of a cache's two halves into one buffer: the batch half counts the
   * rows, each half reads its own columns.
   */
  private static final class SplitProfiler
      implements FlatMapFunction2<Iterator<ColumnarBatch>, Iterator<InternalRow>, byte[]> {

    private static final long serialVersionUID = 1L;

    private final List<Expression> inputs;
    private final List<Expression> batchInputs;
    private final List<Expression> rowInputs;
    private final ProfileAggregate.Spec spec;

    SplitProfiler(List<Expression> inputs, List<Expression> batchInputs,
        List<Expression> rowInputs, ProfileAggregate.Spec spec) {
      this.inputs = List.copyOf(inputs);
      // the other half's columns are nulls, which List.copyOf refuses
      this.batchInputs = new ArrayList<>(batchInputs);
      this.rowInputs = new ArrayList<>(rowInputs);
      this.spec = spec;
    }

    @Override
    public Iterator<byte[]> call(Iterator<ColumnarBatch> batches, Iterator<InternalRow> rows) {
      ProfileReader batchReader = new ProfileReader(batchInputs, spec, true);
      ProfileReader rowReader = new ProfileReader(rowInputs, spec, false);
      ProfileBuffer buffer = spec.newBuffer(inputs);
      while (batches.hasNext()) {
        // each batch is decoded from the cache for this read alone: closed now, not when the task
        // ends, so a partition's batches are not all held at once
        try (ColumnarBatch batch = batches.next()) {
          batchReader.read(batch, buffer);
        }
      }
      while (rows.hasNext()) {
        rowReader.read(rows.next(), buffer);
      }
      return List.of(buffer.toBytes()).iterator();
    }
  }

  /**
   * Profiles one partition, its column batches or its rows, in one loop: no function call per
   * row between Spark's iterator and the reader.
   */
  private static final class PartitionProfiler<T>
      implements FlatMapFunction<Iterator<T>, byte[]> {

    private static final long serialVersionUID = 1L;

    private final List<Expression> inputs;
    private final ProfileAggregate.Spec spec;

    PartitionProfiler(List<Expression> inputs, ProfileAggregate.Spec spec) {
      this.inputs = List.copyOf(inputs);
      this.spec = spec;
    }

    @Override
    public Iterator<byte[]> call(Iterator<T> items) {
      ProfileReader reader = new ProfileReader(inputs, spec);
      ProfileBuffer buffer = spec.newBuffer(inputs);
      while (items.hasNext()) {
        Object item = items.next();
        if (item instanceof ColumnarBatch batch) {
          reader.read(batch, buffer);
        } else {
          reader.read((InternalRow) item, buffer);
        }
      }
      return List.of(buffer.toBytes()).iterator();
    }
  }
}
