package io.github.sparkmlops.sql.internal.read;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * The data files one task reads.
 *
 * @param files the files, each with its date partition value
 */
public record FilePartition(List<DataFile> files) implements InputPartition {

  /** A Parquet file of the table, as Kernel planned it. */
  record DataFile(String path, long size, long modificationTime, int date)
      implements java.io.Serializable {}
}
