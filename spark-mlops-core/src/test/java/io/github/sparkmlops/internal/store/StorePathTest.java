package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A store root whose name needs escaping in a URI still holds all of its files, both when a table
 * is created and when an old one is upgraded (the store-v1 fixture copied there).
 */
class StorePathTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void aStorePathWithCharactersThatNeedEscapingKeepsItsDataInside() throws Exception {
    String name = "my store #1 100% a+b é";
    TestSpark.assumeFileNamesCanHold(name);
    Path parent = TestSpark.newStoreRoot("odd-path").getParent();
    Path root = TestSpark.copyFixtureStore(parent.resolve(name));
    StoreLayout layout = new StoreLayout(root.toString());
    DeltaTableWriter writer = Store.writers(
        Store.engine(spark.sparkContext().hadoopConfiguration()), layout).get(StoreTable.STATS);
    writer.append("w", 1, List.of(stat(Instant.parse("2026-01-01T00:00:00Z"), 1),
        stat(Instant.parse("2026-01-02T00:00:00Z"), 2)));

    try (Stream<Path> siblings = Files.list(parent)) {
      assertEquals(List.of(root), siblings.toList(), "nothing is written beside the store");
    }
    String table = layout.tablePath(StoreTable.STATS);
    Dataset<Row> rows = spark.read().format("delta").load(table);
    assertEquals(10, rows.count(), "the fixture's 8 rows and ours");
    assertEquals(2, rows.where("writer_id = 'w' and model_version = seq").count(),
        "our rows, in the upgraded schema");
    List<String> paths = spark.read().json(table + "/_delta_log/00000000000000000003.json")
        .where("add is not null").select("add.path").as(Encoders.STRING()).collectAsList();
    assertEquals(2, paths.size());
    for (String path : paths) {
      assertTrue(path.startsWith("date=2026-01-0"), "relative, as Delta writes it: " + path);
      assertFalse(path.contains("%25"), "encoded once: " + path);
    }
  }

  private static Object[] stat(Instant time, long seq) {
    return StoreSchema.statRow(new StatRecord(time, TestRecords.CONTEXT, "w", seq, "s",
        "TIME_SERIES", StatType.NUMBER, new NumberValue(seq), new ModelRef("m", seq)));
  }
}
