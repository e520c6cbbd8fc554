package io.github.sparkmlops.internal.store;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the Parquet files of one partition for a Kernel transaction and makes their {@code add}
 * actions: the one write path of the appender and of compaction.
 */
public final class DataFiles {

  private DataFiles() {}

  /**
   * Writes {@code logical} (rows in the table's logical schema, partition column included) as
   * Parquet files of the partition {@code partitionValues}, split at the engine's target file size.
   *
   * @param dataChange false for files that hold rows already in the table (compaction), so that
   *     streaming readers do not read them again
   * @return the {@code add} actions of the written files
   */
  public static List<Row> write(Engine engine, Row transactionState,
      Map<String, Literal> partitionValues, CloseableIterator<FilteredColumnarBatch> logical,
      boolean dataChange) throws IOException {
    CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(
        engine, transactionState, logical, partitionValues);
    DataWriteContext context = Transaction.getWriteContext(engine, transactionState, partitionValues);
    List<Row> actions = new ArrayList<>();
    try (CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(
        targetDirectory(context), physical, context.getStatisticsColumns())) {
      if (dataChange) {
        try (CloseableIterator<Row> adds =
            Transaction.generateAppendActions(engine, transactionState, files, context)) {
          adds.forEachRemaining(actions::add);
        }
      } else {
        // Kernel's generateAppendActions always says dataChange=true; this is the same action,
        // made by the same Kernel call, saying false.
        URI tableRoot = new io.delta.kernel.internal.fs.Path(
            TransactionStateRow.getTablePath(transactionState)).toUri();
        while (files.hasNext()) {
          AddFile add = AddFile.convertDataFileStatus(
              TransactionStateRow.getPhysicalSchema(transactionState), tableRoot, files.next(),
              partitionValues, false, Map.of(), Optional.empty(), Optional.empty(),
              Optional.empty());
          actions.add(SingleAction.createAddFileSingleAction(add.toRow()));
        }
      }
    }
    return actions;
  }

  /**
   * The partition directory as a Hadoop path string. Kernel gives it as an escaped URI
   * ({@code my%20store}) but its Parquet writer reads the string as a Hadoop path, in which
   * {@code %20} is literal: the files would land in a sibling directory named with the escapes,
   * and their add actions would hold absolute, twice-escaped paths. Unescaped, the files land
   * inside the table and Kernel records their paths relative to it, as Delta's writers do.
   */
  private static String targetDirectory(DataWriteContext context) {
    return new org.apache.hadoop.fs.Path(URI.create(context.getTargetDirectory())).toString();
  }
}
