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
}
