package io.github.sparkmlops.run;

import java.time.Duration;
import java.util.List;

/**
 * What one maintenance of the store did: per table, the compaction of small files, the checkpoint
 * and the clean-up of files past their retention; and the clean-up of model files no version names.
 *
 * @param tables one entry per store table, in the store's order
 * @param modelFiles what was deleted under {@code model_files/}
 * @param took how long the maintenance ran
 */
public record MaintenanceReport(List<Table> tables, ModelFiles modelFiles, Duration took) {

  /**
   * The report, with an unmodifiable copy of {@code tables}.
   *
   * @param tables what was done, table by table
   * @param modelFiles the model files' clean-up
   * @param took how long it took
   */
  public MaintenanceReport {
    tables = List.copyOf(tables);
  }

  /**
   * What maintenance did to one table.
   *
   * @param name the table's name, e.g. {@code stats}
   * @param partitionsCompacted date partitions whose small files were rewritten, one commit each
   * @param filesCompacted small files replaced
   * @param filesWritten files written in their place
   * @param bytesCompacted bytes of the replaced files
   * @param bytesWritten bytes of the written files; over {@code bytesCompacted} it is the write
   *     amplification of this compaction
   * @param compactionsAbandoned partitions left as they were because a concurrent commit replaced
   *     some of their files first (nothing is lost: they are compacted next time)
   * @param settingsApplied whether the table's retention or checkpoint properties were changed to
   *     the {@code spark.mlops.maintenance.*} settings
   * @param version the table version maintenance left (checkpointed when maintenance committed
   *     it); -1 without a table
   * @param filesDeleted files deleted because no version within the retention needs them
   * @param bytesDeleted their bytes
   * @param skipped why some step was skipped, or null if none was
   */
  public record Table(String name, int partitionsCompacted, long filesCompacted,
      long filesWritten, long bytesCompacted, long bytesWritten, int compactionsAbandoned,
      boolean settingsApplied, long version, long filesDeleted, long bytesDeleted,
      String skipped) {}

  /**
   * What maintenance deleted under {@code model_files/}: the folders of publications that never
   * committed a version (killed between saving their files and committing), once nothing in them
   * changed for the file retention.
   *
   * @param orphansDeleted publication folders deleted
   * @param bytesDeleted the bytes of the files they held
   * @param skipped why nothing was deleted, or null
   */
  public record ModelFiles(int orphansDeleted, long bytesDeleted, String skipped) {}

  /**
   * Small files replaced by compaction, over every table.
   *
   * @return the number of files
   */
  public long filesCompacted() {
    return tables.stream().mapToLong(Table::filesCompacted).sum();
  }

  /**
   * Files deleted by the clean-up, over every table.
   *
   * @return the number of files
   */
  public long filesDeleted() {
    return tables.stream().mapToLong(Table::filesDeleted).sum();
  }
}
