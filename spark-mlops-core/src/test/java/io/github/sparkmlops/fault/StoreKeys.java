package io.github.sparkmlops.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a store table holds for the fault tests, per writer: how many rows, how many distinct
 * {@code seq}, and the highest {@code seq}. A writer's rows are whole when rows == distinct ==
 * max: each of 1..max once.
 */
record StoreKeys(Map<String, long[]> byWriter) {

  /** Counts per writer of {@code writers} as delta-spark reads them. */
  static StoreKeys deltaSpark(SparkSession spark, String tablePath, String stat,
      Set<String> writers) {
    List<Row> rows = spark.read().format("delta").load(tablePath)
        .where("name = '" + stat + "'")
        .where(org.apache.spark.sql.functions.col("writer_id").isin(writers.toArray()))
        .groupBy("writer_id")
        .agg(org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.countDistinct("seq"),
            org.apache.spark.sql.functions.max("seq"))
        .collectAsList();
    Map<String, long[]> out = new TreeMap<>();
    for (Row r : rows) {
      out.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    }
    return new StoreKeys(out);
  }

  /** Counts per writer of {@code writers} as Delta Kernel reads them (the table holds one stat). */
  static StoreKeys kernel(String tablePath, Set<String> writers) throws java.io.IOException {
    Map<String, Map<Long, Integer>> seen = new HashMap<>();
    for (KernelRows.Key k : KernelRows.keys(tablePath)) {
      if (!writers.contains(k.writerId())) {
        continue;
      }
      seen.computeIfAbsent(k.writerId(), w -> new HashMap<>()).merge(k.seq(), 1, Integer::sum);
    }
    Map<String, long[]> out = new TreeMap<>();
    seen.forEach((writer, seqs) -> out.put(writer, new long[] {
        seqs.values().stream().mapToLong(Integer::longValue).sum(),
        seqs.size(),
        seqs.keySet().stream().mapToLong(Long::longValue).max().orElse(0)}));
    return new StoreKeys(out);
  }

  long rows(String writer) {
    long[] c = byWriter.get(writer);
    return c == null ? 0 : c[0];
  }

  long max(String writer) {
    long[] c = byWriter.get(writer);
    return c == null ? 0 : c[2];
  }

  /** Every writer's rows are 1..max, each once. */
  void assertWholeAndUnique(String context) {
    byWriter.forEach((writer, c) -> {
      assertEquals(c[1], c[0], context + ": " + writer + " has duplicated rows " + describe(c));
      assertEquals(c[2], c[1], context + ": " + writer + " has gaps " + describe(c));
    });
  }

  /** Same writers, same counts. */
  void assertSameAs(StoreKeys other, String context) {
    assertEquals(describe(), other.describe(), context);
  }

  String describe() {
    StringBuilder s = new StringBuilder();
    byWriter.forEach((w, c) -> s.append(w).append('=').append(describe(c)).append(' '));
    return s.toString().trim();
  }

  private static String describe(long[] c) {
    return "[rows " + c[0] + ", distinct " + c[1] + ", max " + c[2] + "]";
  }

  static void assertAtLeast(long reported, long max, String context) {
    assertTrue(max >= reported, context + ": reported " + reported + " written, store has up to "
        + max);
  }
}
