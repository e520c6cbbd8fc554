package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution in place, against the store-v1 fixture written by the code before
 * {@code model_version} existed, checked through delta-spark as an independent reader.
 */
class StoreEvolutionTest {

  private static final Instant DAY3 = Instant.parse("2026-01-03T12:00:00Z");

  private final SparkSession spark = TestSpark.session();
  private final Engine engine = Store.engine(spark.sparkContext().hadoopConfiguration());

  @Test
  void anOldStoreIsReadAsIsAndGainsTheNewColumnOnItsFirstAppend() throws Exception {
    Path root = copyFixture("upgrade");
    StoreLayout layout = new StoreLayout(root.toString());
    String stats = layout.tablePath(StoreTable.STATS);
    StructType before = snapshot(stats).getSchema();
    assertEquals(withoutAddedColumns(StoreTable.STATS), before,
        "the fixture has every column but the new ones");
    assertEquals(8, delta(stats).count());

    Map<StoreTable, DeltaTableWriter> writers = Store.writers(engine, layout);
    assertEquals(DeltaTableWriter.Outcome.COMMITTED, writers.get(StoreTable.STATS).append("w", 1,
        List.<Object[]>of(stat(100, "drift", 7L), stat(101, "rows", null))));
    writers.get(StoreTable.EVENTS).append("w", 1, List.<Object[]>of(StoreSchema.eventRow(new EventRecord(
        TestRecords.CONTEXT, "w", 102, io.github.sparkmlops.event.Event.builder(
            io.github.sparkmlops.event.EventType.GENERIC, "later").time(DAY3).build()))));

    Snapshot after = snapshot(stats);
    assertEquals(StoreTable.STATS.schema(), after.getSchema());
    assertEquals("1", after.getTableProperties().get(StoreFormat.VERSION_PROPERTY));
    Dataset<Row> rows = delta(stats);
    assertEquals(DataTypes.LongType, rows.schema().apply(StoreSchema.MODEL_VERSION).dataType());
    assertEquals(8, rows.where("seq < 100 and model_version is null").count(), "old rows: null");
    assertEquals(0.91, rows.where("name = 'accuracy'").first().getAs(StoreSchema.VALUE));
    assertEquals(7L, rows.where("name = 'drift'").first().<Long>getAs(StoreSchema.MODEL_VERSION));
    assertNull(rows.where("name = 'rows'").first().getAs(StoreSchema.MODEL_VERSION));
    assertEquals(List.of("CREATE TABLE", "WRITE", "ADD COLUMNS", "WRITE"), operations(stats));

    String events = layout.tablePath(StoreTable.EVENTS);
    assertEquals(withoutAddedColumns(StoreTable.EVENTS), TableManager.loadSnapshot(events).atVersion(1).build(engine).getSchema(),
        "the fixture's events lack the stream columns");
    assertEquals(StoreTable.EVENTS.schema(), snapshot(events).getSchema());
    assertEquals(List.of("CREATE TABLE", "WRITE", "ADD COLUMNS", "WRITE"), operations(events));
    assertEquals(3, delta(events).count());
  }

  @Test
  void aStoreOfANewerFormatIsRefusedAndLeftByteForByteUntouched() throws Exception {
    Path root = copyFixture("newer");
    String stats = new StoreLayout(root.toString()).tablePath(StoreTable.STATS);
    spark.sql("ALTER TABLE delta.`" + stats + "` SET TBLPROPERTIES ('"
        + StoreFormat.VERSION_PROPERTY + "' = '2', '" + StoreFormat.WRITER_PROPERTY
        + "' = 'spark-mlops/9.0.0')");
    Map<String, String> before = files(root);

    DeltaTableWriter writer = Store.writers(engine, new StoreLayout(root.toString()))
        .get(StoreTable.STATS);
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> writer.append("w", 1, List.<Object[]>of(stat(100, "drift", 7L))));
    assertTrue(refused.getMessage().contains("store format version 2, written by spark-mlops/9.0.0"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("writes format version 1"), refused.getMessage());
    assertEquals(before, files(root));
  }

  @Test
  void anOlderWriterKeepsTheNewerColumnAndTheSchema() throws Exception {
    Path root = copyFixture("older-writer");
    StoreLayout layout = new StoreLayout(root.toString());
    String stats = layout.tablePath(StoreTable.STATS);
    Store.writers(engine, layout).get(StoreTable.STATS).append("new", 1, List.<Object[]>of(stat(100, "drift", 7L)));

    StructType olderColumns = withoutAddedColumns(StoreTable.STATS);
    Map<String, String> olderMeanings = new HashMap<>(StoreSchema.STATS.meanings());
    olderMeanings.keySet().retainAll(olderColumns.fieldNames());
    TableSpec<StatRecord> older = new TableSpec<>("stats", olderColumns, olderMeanings, (r, row) -> {
      Object[] full = StoreSchema.statRow(r);
      for (StructField f : olderColumns.fields()) {
        row.set(f.getName(), full[StoreSchema.STATS.ordinal(f.getName())]);
      }
    });
    new DeltaTableWriter(engine, stats, older).append("old", 1, List.<Object[]>of(older.encode(
        new StatRecord(DAY3, TestRecords.CONTEXT, "old", 200, "legacy", "CONFIG", StatType.NUMBER,
            new NumberValue(2), new ModelRef("legacy", 99L)))));

    assertEquals(StoreTable.STATS.schema(), snapshot(stats).getSchema());
    assertEquals(List.of("CREATE TABLE", "WRITE", "ADD COLUMNS", "WRITE", "WRITE"), operations(stats));
    Dataset<Row> rows = delta(stats);
    assertEquals(10, rows.count());
    assertNull(rows.where("name = 'legacy'").first().getAs(StoreSchema.MODEL_VERSION),
        "the older writer does not know the column");
    assertEquals(2.0, rows.where("name = 'legacy'").first().getAs(StoreSchema.VALUE));
    assertEquals(7L, rows.where("name = 'drift'").first().<Long>getAs(StoreSchema.MODEL_VERSION));
  }

  @Test
  void aNewTableRecordsItsFormatVersion() throws Exception {
    StoreLayout layout = new StoreLayout(TestSpark.newStoreRoot("new-table").toString());
    Store.writers(engine, layout).get(StoreTable.STATS).append("w", 1, List.<Object[]>of(stat(1, "s", 3L)));
    Map<String, String> properties = snapshot(layout.tablePath(StoreTable.STATS)).getTableProperties();
    assertEquals("1", properties.get(StoreFormat.VERSION_PROPERTY));
    assertEquals(DeltaTableWriter.ENGINE_INFO, properties.get(StoreFormat.WRITER_PROPERTY));
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + layout.tablePath(StoreTable.STATS) + "`").first();
    assertEquals("1", detail.<scala.collection.Map<String, String>>getAs("properties")
        .get(StoreFormat.VERSION_PROPERTY).get());
    assertEquals(3L, delta(layout.tablePath(StoreTable.STATS)).first().<Long>getAs(StoreSchema.MODEL_VERSION));
  }

  @Test
  void tablesAreFoundByNameAndHaveTheSameSparkColumns() {
    assertEquals(StoreTable.EVENTS, StoreTable.named("events"));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> StoreTable.named("modles"));
    assertTrue(unknown.getMessage().contains("'modles'; the tables are stats, events, model_versions, model_history"),
        unknown.getMessage());
    for (StoreTable table : StoreTable.values()) {
      assertArrayEquals(table.schema().fieldNames().toArray(), table.sparkSchema().fieldNames());
    }
  }

  private static Object[] stat(long seq, String name, Long modelVersion) {
    return StoreSchema.statRow(new StatRecord(DAY3, TestRecords.CONTEXT, "w", seq, name,
        "TIME_SERIES", StatType.NUMBER, new NumberValue(seq),
        modelVersion == null ? null : new ModelRef("churn", modelVersion)));
  }

  /** The columns added since the fixture was written: the model version, the stream's, the model's name. */
  private static final List<String> ADDED = List.of(StoreSchema.MODEL_VERSION,
      StoreSchema.QUERY_NAME, StoreSchema.QUERY_ID, StoreSchema.QUERY_RUN_ID, StoreSchema.BATCH_ID,
      StoreSchema.MODEL_NAME);

  private static StructType withoutAddedColumns(StoreTable table) {
    return new StructType(table.schema().fields().stream()
        .filter(f -> !ADDED.contains(f.getName())).toList());
  }

  private Snapshot snapshot(String path) {
    return TableManager.loadSnapshot(path).build(engine);
  }

  private Dataset<Row> delta(String path) {
    return spark.read().format("delta").load(path);
  }

  private List<String> operations(String path) {
    return spark.sql("DESCRIBE HISTORY delta.`" + path + "`").orderBy("version")
        .select("operation").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  /** A fresh copy of the store-v1 fixture. */
  private static Path copyFixture(String label) throws IOException {
    return TestSpark.copyFixtureStore(TestSpark.newStoreRoot(label));
  }

  /** Every file under {@code root} with its content, to prove nothing was written. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).forEach(f -> {
        try {
          files.put(root.relativize(f).toString(),
              java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return files;
  }
}
