package io.github.sparkmlops.sql.internal.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * The data files one task reads.
 *
 * @param files the files, each with its date partition value
 */
public record FilePartition(List<DataFile> files) implements InputPartition {

  private static final long TARGET_PARTITION_BYTES = 128L << 20;

  /**
   * How many partitions a read of {@code bytes} takes: one per core, more where a partition would
   * hold over 128 MiB.
   */
  public static int count(long bytes, int cores) {
    long bySize = (bytes + TARGET_PARTITION_BYTES - 1) / TARGET_PARTITION_BYTES;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(cores, bySize));
  }

  /**
   * Spreads files over {@code count} partitions of about equal bytes (largest file first into the
   * lightest partition), whether a snapshot or a range of commits produced them.
   */
  public static FilePartition[] pack(List<DataFile> files, int count) {
    if (files.isEmpty()) {
      return new FilePartition[0];
    }
    int bins = Math.max(1, Math.min(count, files.size()));
    List<List<DataFile>> packed = new ArrayList<>();
    long[] bytes = new long[bins];
    for (int i = 0; i < bins; i++) {
      packed.add(new ArrayList<>());
    }
    List<DataFile> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(DataFile::size).reversed());
    for (DataFile file : bySize) {
      int lightest = 0;
      for (int i = 1; i < bins; i++) {
        if (bytes[i] < bytes[lightest]) {
          lightest = i;
        }
      }
      packed.get(lightest).add(file);
      bytes[lightest] += file.size();
    }
    return packed.stream().map(p -> new FilePartition(List.copyOf(p))).toArray(FilePartition[]::new);
  }

  /**
   * Splits files into at most {@code count} partitions of consecutive files, of about equal bytes,
   * keeping their order: for a reader whose result depends on the order it reads rows in, which
   * reads the partitions in turn.
   */
  public static FilePartition[] inOrder(List<DataFile> files, int count) {
    long total = files.stream().mapToLong(DataFile::size).sum();
    int bins = Math.max(1, Math.min(count, files.size()));
    List<FilePartition> partitions = new ArrayList<>();
    int from = 0;
    long read = 0;
    for (int i = 0; i < files.size(); i++) {
      read += files.get(i).size();
      // a partition ends where the bytes read so far reach its share of the total
      boolean full = partitions.size() < bins - 1 && read * bins >= total * (partitions.size() + 1);
      if (full || i == files.size() - 1) {
        partitions.add(new FilePartition(List.copyOf(files.subList(from, i + 1))));
        from = i + 1;
      }
    }
    return partitions.toArray(FilePartition[]::new);
  }
}
