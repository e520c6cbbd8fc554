package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TableRows} makes of a path where Kernel finds no Delta table: nothing written yet
 * reads as no table, anything else that is there is an error naming the path (the registry and
 * the views read through it). No SparkSession.
 */
class TableRowsTest {

  private final Engine engine = Store.engine(new Configuration());

  @TempDir
  Path scratch;

  private String versions(Path root) {
    return new StoreLayout(root.toString()).tablePath(StoreTable.MODEL_VERSIONS);
  }

  @Test
  void aStoreNotWrittenYetHasNoTable() throws Exception {
    Path missing = scratch.resolve("not yet").resolve("store");
    assertEquals(-1, TableRows.version(engine, versions(missing)));
    Path empty = Files.createDirectories(scratch.resolve("empty store"));
    assertEquals(-1, TableRows.version(engine, versions(empty)));
    assertEquals(-1, TableRows.forEach(engine, versions(empty), List.of("name"), row -> { }));
    Path creating = Files.createDirectories(scratch.resolve("being created"));
    Files.createDirectories(creating.resolve("model_versions/_delta_log"));
    assertEquals(-1, TableRows.version(engine, versions(creating)), "an empty log: being created");
    // what a reader sees when Kernel looked just before another writer created the table and
    // appended to it: the table came after the look, so the read is of the moment before it
    Files.createDirectories(creating.resolve("model_versions/date=2026-12-06"));
    assertEquals(-1, TableRows.version(engine, versions(creating)), "created since Kernel looked");
  }

  @Test
  void aStoreRootThatIsAFileIsAnError() throws Exception {
    Path file = Files.writeString(scratch.resolve("a file"), "not a store");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableRows.version(engine, versions(file)));
    assertTrue(e.getMessage().contains("The MLOps store root " + file + " is a file"), e.getMessage());
  }

  @Test
  void aTableFolderWithoutALogIsAnError() throws Exception {
    Path root = Files.createDirectories(scratch.resolve("parquet only"));
    Files.createDirectories(root.resolve("model_versions"));
    Files.writeString(root.resolve("model_versions/part-00000.parquet"), "PAR1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableRows.forEach(engine, versions(root), List.of("name"), row -> { }));
    assertTrue(e.getMessage().contains(versions(root) + " is not a Delta table"), e.getMessage());
    assertTrue(e.getMessage().contains("part-00000.parquet"), e.getMessage());

    Path fileLog = Files.createDirectories(scratch.resolve("log is a file"));
    Files.createDirectories(fileLog.resolve("model_versions"));
    Files.writeString(fileLog.resolve("model_versions/_delta_log"), "not a folder");
    IllegalArgumentException log = assertThrows(IllegalArgumentException.class,
        () -> TableRows.version(engine, versions(fileLog)));
    assertTrue(log.getMessage().contains("its _delta_log is a file"), log.getMessage());
  }

  @Test
  void aTablePathThatIsAFileIsAnError() throws Exception {
    Path root = Files.createDirectories(scratch.resolve("file in the way"));
    Files.writeString(root.resolve("model_versions"), "not a table");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableRows.version(engine, versions(root)));
    assertTrue(e.getMessage().contains(versions(root) + " is a file"), e.getMessage());
  }

  @Test
  void readByFileReadsOnlyTheFilesNotReadBefore() throws Exception {
    StoreLayout store = new StoreLayout(scratch.resolve("by file").toString());
    DeltaTableWriter writer = Store.writers(engine, store).get(StoreTable.STATS);
    String stats = store.tablePath(StoreTable.STATS);
    List<String> columns = List.of(StoreSchema.NAME, StoreSchema.VALUE);
    writer.append("by-file", 1, List.of(stat("a", 1), stat("b", 2)));
    TableRows.FileRows<String> first =
        TableRows.byFile(engine, stats, TableRows.latest(engine, stats), columns,
            TableRowsTest::text, TableRows.FileRows.none());
    assertEquals(List.of("a=1.0", "b=2.0"), first.rows().stream().sorted().toList());
    assertEquals(1, first.files().size());

    writer.append("by-file", 2, List.<Object[]>of(stat("c", 3)));
    TableRows.FileRows<String> second =
        TableRows.byFile(engine, stats, TableRows.latest(engine, stats), columns,
            TableRowsTest::text, first);
    List<String> all = new ArrayList<>();
    TableRows.forEach(engine, stats, columns, row -> all.add(text(row)));
    assertEquals(all, second.rows(), "the same rows, in the same order, as a whole read");
    assertEquals(first.version() + 1, second.version());
    String firstFile = first.files().keySet().iterator().next();
    assertSame(first.files().get(firstFile), second.files().get(firstFile),
        "the file read before is not read again");
  }

  private static Object[] stat(String name, double value) {
    return StoreSchema.statRow(new StatRecord(Instant.parse("2026-12-06T00:00:00Z"),
        new RunContext("app", "pipe", "node", "run", "host"), "by-file", (long) value, name,
        StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(value)));
  }

  private static String text(TableRows.Values row) {
    return row.text(StoreSchema.NAME) + "=" + row.get(StoreSchema.VALUE);
  }
}
