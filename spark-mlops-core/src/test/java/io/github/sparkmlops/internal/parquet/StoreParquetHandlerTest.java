package io.github.sparkmlops.internal.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.engine.DefaultParquetHandler;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.github.sparkmlops.internal.store.ObjectColumnVector;
import io.github.sparkmlops.internal.store.ObjectColumnarBatch;
import io.github.sparkmlops.internal.store.StoreTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's Parquet writer against Kernel's: for every table of the store, the same rows give
 * files of the same Parquet schema, the same rows read back and the same statistics; checkpoints
 * are written by it too; other schemas go to Kernel's writer.
 */
class StoreParquetHandlerTest {

  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();
  private final HadoopFileIO fileIO = new HadoopFileIO(conf);
  private final ParquetHandler kernels = new DefaultParquetHandler(fileIO);

  @Test
  void everyTableOfTheStoreAndDeltaCheckpointsAreCoveredByThisWriter() {
    for (StoreTable table : StoreTable.values()) {
      assertTrue(ParquetSchemas.covers(table.schema()), table.directory());
    }
    assertTrue(ParquetSchemas.covers(SingleAction.CHECKPOINT_SCHEMA));
  }

  @Test
  void everyTableOfTheStoreIsWrittenAsKernelWouldWriteIt() throws IOException {
    StoreParquetHandler ours = new StoreParquetHandler(fileIO, conf);
    Random random = new Random(7);
    for (StoreTable table : StoreTable.values()) {
      StructType schema = table.schema();
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        rows.add(randomRow(schema, random));
      }
      List<Column> statsColumns = schema.fields().stream()
          .filter(f -> !(f.getDataType() instanceof StructType
              || f.getDataType() instanceof ArrayType || f.getDataType() instanceof MapType))
          .map(f -> new Column(f.getName())).toList();
      Path dir = tmp.resolve("a store").resolve(table.directory());
      DataFileStatus mine = only(ours.writeParquetFiles(dir.resolve("ours").toString(),
          batches(schema, rows), statsColumns));
      DataFileStatus theirs = only(kernels.writeParquetFiles(dir.resolve("kernel").toString(),
          batches(schema, rows), statsColumns));

      ParquetMetadata myFooter = footer(mine);
      assertEquals(footer(theirs).getFileMetaData().getSchema().getFields(),
          myFooter.getFileMetaData().getSchema().getFields(), table.directory());
      assertEquals("spark-mlops",
          myFooter.getFileMetaData().getKeyValueMetaData().get(RowWriteSupport.WRITER_KEY));
      assertEquals(values(schema, rows), readBack(schema, mine), table.directory());
      assertEquals(theirs.getStatistics(), mine.getStatistics(), table.directory());
      assertEquals(300, mine.getStatistics().orElseThrow().getNumRecords());
    }
  }

  @Test
  void unselectedRowsAreLeftOutAndLargeWritesAreSplitAtTheTargetSize() throws IOException {
    StructType schema = StoreTable.values()[0].schema();
    Random random = new Random(11);
    List<Object[]> first = new ArrayList<>();
    List<Object[]> second = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      first.add(randomRow(schema, random));
      second.add(randomRow(schema, random));
    }
    Configuration small = new Configuration(conf);
    small.setLong(StoreParquetHandler.TARGET_FILE_SIZE, 64 * 1024);
    HadoopFileIO smallFiles = new HadoopFileIO(small);
    boolean[] selected = new boolean[first.size()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = i % 3 != 0;
    }
    CloseableIterator<FilteredColumnarBatch> data = Utils.toCloseableIterator(List.of(
        new FilteredColumnarBatch(new ObjectColumnarBatch(schema, first), Optional.of(
            new ObjectColumnVector(BooleanType.BOOLEAN, booleans(selected)))),
        new FilteredColumnarBatch(new ObjectColumnarBatch(schema, List.of()), Optional.empty()),
        new FilteredColumnarBatch(new ObjectColumnarBatch(schema, second), Optional.empty()))
        .iterator());

    List<DataFileStatus> files = new ArrayList<>();
    new StoreParquetHandler(smallFiles, small).writeParquetFiles(
        tmp.resolve("split").toString(), data, List.of()).forEachRemaining(files::add);

    assertTrue(files.size() > 2, files.size() + " files");
    List<Object[]> expected = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      if (selected[i]) {
        expected.add(first.get(i));
      }
    }
    expected.addAll(second);
    List<List<Object>> read = new ArrayList<>();
    for (DataFileStatus file : files) {
      read.addAll(readBack(schema, file));
      assertEquals(readBack(schema, file).size(),
          file.getStatistics().orElseThrow().getNumRecords());
    }
    assertEquals(values(schema, expected), read);
  }

  @Test
  void filesAreSplitAtTheTargetSizeLookedAtEvery64RowsAndATargetMustBePositive()
      throws IOException {
    StructType schema = StoreTable.values()[0].schema();
    Random random = new Random(5);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      rows.add(randomRow(schema, random));
    }
    int every = StoreParquetHandler.ROWS_PER_SIZE_CHECK;
    for (long target : new long[] {1, 64 * 1024}) {
      Configuration sized = new Configuration(conf);
      sized.setLong(StoreParquetHandler.TARGET_FILE_SIZE, target);
      List<Long> perFile = rowsPerFile(new StoreParquetHandler(new HadoopFileIO(sized), sized)
          .writeParquetFiles(tmp.resolve("target " + target).toString(), batches(schema, rows),
              List.of()));
      assertTrue(perFile.size() > 1, perFile.toString());
      assertEquals(rows.size(), perFile.stream().mapToLong(Long::longValue).sum());
      for (long n : perFile.subList(0, perFile.size() - 1)) {
        assertEquals(0, n % every, "a file ends where its size was looked at: " + perFile);
      }
      if (target == 1) {
        assertEquals(every, perFile.get(0), "the first look finds a 1-byte target passed");
      }
    }
    Configuration zero = new Configuration(conf);
    zero.setLong(StoreParquetHandler.TARGET_FILE_SIZE, 0);
    assertThrows(IllegalArgumentException.class, () -> new StoreParquetHandler(
        new HadoopFileIO(zero), zero).writeParquetFiles(tmp.resolve("zero").toString(),
        batches(schema, rows), List.of()));
  }

  @Test
  void aWriteThatFailsLeavesNoFileBehindAndClosesItsInput() throws IOException {
    StructType schema = StoreTable.values()[0].schema();
    Random random = new Random(9);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(randomRow(schema, random));
    }
    Configuration small = new Configuration(conf);
    small.setLong(StoreParquetHandler.TARGET_FILE_SIZE, 16 * 1024);
    StoreParquetHandler handler = new StoreParquetHandler(new HadoopFileIO(small), small);

    // data files: two batches, the second read fails once the first has filled several files
    Path data = tmp.resolve("data files");
    FailingInput dataInput = new FailingInput(schema, rows, 1);
    assertThrows(UncheckedIOException.class,
        () -> handler.writeParquetFiles(data.toString(), dataInput, List.of()));
    assertTrue(dataInput.closed);
    assertEquals(List.of(), parquetFilesIn(data));

    // a checkpoint: the input fails after its first batch, and no checkpoint is left
    Path checkpoint = tmp.resolve("log").resolve("00000000000000000003.checkpoint.parquet");
    FailingInput checkpointInput = new FailingInput(schema, rows, 1);
    assertThrows(UncheckedIOException.class,
        () -> handler.writeParquetFileAtomically(checkpoint.toString(), checkpointInput));
    assertTrue(checkpointInput.closed);
    assertEquals(List.of(), parquetFilesIn(checkpoint.getParent()));

    // the first read fails: the input is closed all the same
    FailingInput first = new FailingInput(schema, rows, 0);
    assertThrows(UncheckedIOException.class,
        () -> handler.writeParquetFiles(tmp.resolve("none").toString(), first, List.of()));
    assertTrue(first.closed);
  }

  /** Two batches of the rows, halves; reading batch {@code failAt} (0 or 1) fails. */
  private static final class FailingInput implements CloseableIterator<FilteredColumnarBatch> {
    private final CloseableIterator<FilteredColumnarBatch> batches;
    private final int failAt;
    private int read;
    boolean closed;

    FailingInput(StructType schema, List<Object[]> rows, int failAt) {
      this.batches = batches(schema, rows);
      this.failAt = failAt;
    }

    @Override
    public boolean hasNext() {
      return batches.hasNext();
    }

    @Override
    public FilteredColumnarBatch next() {
      if (read++ == failAt) {
        throw new UncheckedIOException(new IOException("the log could not be read"));
      }
      return batches.next();
    }

    @Override
    public void close() throws IOException {
      closed = true;
      batches.close();
    }
  }

  private static List<String> parquetFilesIn(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".parquet")).toList();
    }
  }

  private static List<Long> rowsPerFile(CloseableIterator<DataFileStatus> files)
      throws IOException {
    List<Long> rows = new ArrayList<>();
    try (files) {
      files.forEachRemaining(f -> rows.add(f.getStatistics().orElseThrow().getNumRecords()));
    }
    return rows;
  }

  @Test
  void checkpointsAreWrittenByThisWriterAndReadByKernel() throws IOException {
    Engine engine = new DefaultEngine(fileIO) {
      private final ParquetHandler parquet = new StoreParquetHandler(fileIO, conf);

      @Override
      public ParquetHandler getParquetHandler() {
        return parquet;
      }
    };
    StructType schema = StoreTable.values()[0].schema();
    String path = tmp.resolve("a table").toString();
    Table table = Table.forPath(engine, path);
    Random random = new Random(3);
    for (int commit = 0; commit < 3; commit++) {
      var builder = table.createTransactionBuilder(engine, "test",
          commit == 0 ? Operation.CREATE_TABLE : Operation.WRITE);
      Transaction txn = (commit == 0 ? builder.withSchema(engine, schema) : builder).build(engine);
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        rows.add(randomRow(schema, random));
      }
      var state = txn.getTransactionState(engine);
      var context = Transaction.getWriteContext(engine, state, Map.of());
      CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(
          context.getTargetDirectory(), Transaction.transformLogicalData(engine, state,
              batches(schema, rows), Map.of()), context.getStatisticsColumns());
      CloseableIterator<io.delta.kernel.data.Row> actions =
          Transaction.generateAppendActions(engine, state, files, context);
      txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
    }
    table.checkpoint(engine, 2);

    Path checkpoint;
    try (Stream<Path> log = Files.list(tmp.resolve("a table").resolve("_delta_log"))) {
      checkpoint = log.filter(p -> p.getFileName().toString().endsWith(".checkpoint.parquet"))
          .findFirst().orElseThrow();
    }
    assertEquals("spark-mlops", footer(checkpoint.toString()).getFileMetaData()
        .getKeyValueMetaData().get(RowWriteSupport.WRITER_KEY));
    Files.delete(tmp.resolve("a table").resolve("_delta_log").resolve(
        String.format("%020d.json", 0))); // the snapshot can only come from the checkpoint now
    var snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    assertEquals(2, snapshot.getVersion());
    List<Long> recordsPerFile = new ArrayList<>();
    ScanImpl scan = (ScanImpl) snapshot.getScanBuilder().build();
    try (var scanFiles = scan.getScanFiles(engine, true)) { // with each file's statistics
      while (scanFiles.hasNext()) {
        try (var addRows = scanFiles.next().getRows()) {
          while (addRows.hasNext()) {
            var scanFile = addRows.next();
            var add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
            String stats = add.getString(add.getSchema().indexOf("stats"));
            recordsPerFile.add(DataFileStatistics.getNumRecords(stats).orElseThrow());
          }
        }
      }
    }
    assertEquals(List.of(50L, 50L, 50L), recordsPerFile,
        "every data file listed from the checkpoint, with its statistics");
  }

  @Test
  void schemasThisWriterDoesNotCoverGoToKernelsWriter() throws IOException {
    StructType schema = new StructType().add("id", LongType.LONG).add("blob", BinaryType.BINARY);
    List<Object[]> rows = List.of(new Object[] {1L, new byte[] {1, 2}},
        new Object[] {2L, null});
    DataFileStatus file = only(new StoreParquetHandler(fileIO, conf).writeParquetFiles(
        tmp.resolve("binary").toString(), batches(schema, rows), List.of(new Column("id"))));

    Map<String, String> metadata = footer(file).getFileMetaData().getKeyValueMetaData();
    assertEquals(null, metadata.get(RowWriteSupport.WRITER_KEY));
    assertTrue(metadata.containsKey("io.delta.kernel.default-parquet-writer"), metadata.toString());
    assertEquals(2, file.getStatistics().orElseThrow().getNumRecords());
  }

  // --- rows of any covered schema, as plain Java values

  private static Object[] randomRow(StructType schema, Random random) {
    Object[] row = new Object[schema.length()];
    for (int i = 0; i < row.length; i++) {
      StructField field = schema.at(i);
      row[i] = field.isNullable() && random.nextInt(5) == 0
          ? null : randomValue(field.getDataType(), random);
    }
    return row;
  }

  private static Object randomValue(DataType type, Random random) {
    if (type instanceof StructType struct) {
      return randomRow(struct, random);
    }
    if (type instanceof ArrayType array) {
      List<Object> elements = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        elements.add(array.containsNull() && random.nextInt(6) == 0
            ? null : randomValue(array.getElementType(), random));
      }
      return elements;
    }
    if (type instanceof MapType map) {
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        entries.put(randomValue(map.getKeyType(), random), randomValue(map.getValueType(), random));
      }
      return entries;
    }
    if (type instanceof StringType) {
      return random.nextInt(10) == 0 ? "" : "v" + random.nextInt(1000) + " é ✓";
    }
    if (type instanceof LongType || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return random.nextLong() >> random.nextInt(64);
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return random.nextInt(40_000) - 20_000;
    }
    if (type instanceof DoubleType) {
      int pick = random.nextInt(20);
      return pick == 0 ? Double.NaN : pick == 1 ? Double.NEGATIVE_INFINITY : random.nextGaussian();
    }
    if (type instanceof FloatType) {
      return (float) random.nextGaussian();
    }
    if (type instanceof BooleanType) {
      return random.nextBoolean();
    }
    throw new IllegalArgumentException(type.toString());
  }

  private static CloseableIterator<FilteredColumnarBatch> batches(StructType schema,
      List<Object[]> rows) {
    int half = rows.size() / 2;
    return Utils.toCloseableIterator(List.of(
        new FilteredColumnarBatch(new ObjectColumnarBatch(schema, rows.subList(0, half)),
            Optional.empty()),
        new FilteredColumnarBatch(new ObjectColumnarBatch(schema, rows.subList(half, rows.size())),
            Optional.empty())).iterator());
  }

  private static List<Boolean> booleans(boolean[] values) {
    List<Boolean> list = new ArrayList<>();
    for (boolean value : values) {
      list.add(value);
    }
    return list;
  }

  /** The rows as nested lists, which compare by value (arrays as lists, maps as maps). */
  private static List<List<Object>> values(StructType schema, List<Object[]> rows) {
    List<List<Object>> values = new ArrayList<>();
    for (Object[] row : rows) {
      values.add(structValue(schema, row));
    }
    return values;
  }

  private static List<Object> structValue(StructType schema, Object[] row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < row.length; i++) {
      values.add(plain(schema.at(i).getDataType(), row[i]));
    }
    return values;
  }

  private static Object plain(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof StructType struct) {
      return structValue(struct, (Object[]) value);
    }
    if (type instanceof ArrayType array) {
      return ((List<?>) value).stream().map(e -> plain(array.getElementType(), e)).toList();
    }
    if (value instanceof Double d && d.isNaN()) {
      return "NaN"; // NaN is not equal to itself in a list's equals
    }
    return value;
  }

  private List<List<Object>> readBack(StructType schema, DataFileStatus file) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    FileStatus status = FileStatus.of(file.getPath(), file.getSize(), file.getModificationTime());
    try (CloseableIterator<FileReadResult> read = kernels.readParquetFiles(
        Utils.toCloseableIterator(List.of(status).iterator()), schema, Optional.empty())) {
      while (read.hasNext()) {
        ColumnarBatch batch = read.next().getData();
        for (int r = 0; r < batch.getSize(); r++) {
          List<Object> row = new ArrayList<>();
          for (int c = 0; c < schema.length(); c++) {
            row.add(valueAt(batch.getColumnVector(c), r));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static Object valueAt(ColumnVector vector, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type instanceof StructType struct) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < struct.length(); i++) {
        fields.add(valueAt(vector.getChild(i), row));
      }
      return fields;
    }
    if (type instanceof ArrayType) {
      ArrayValue array = vector.getArray(row);
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < array.getSize(); i++) {
        elements.add(valueAt(array.getElements(), i));
      }
      return elements;
    }
    if (type instanceof MapType) {
      MapValue map = vector.getMap(row);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < map.getSize(); i++) {
        entries.put(valueAt(map.getKeys(), i), valueAt(map.getValues(), i));
      }
      return entries;
    }
    if (type instanceof StringType) {
      return vector.getString(row);
    }
    if (type instanceof LongType || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return vector.getLong(row);
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return vector.getInt(row);
    }
    if (type instanceof DoubleType) {
      double value = vector.getDouble(row);
      return Double.isNaN(value) ? "NaN" : value;
    }
    if (type instanceof FloatType) {
      return vector.getFloat(row);
    }
    if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    }
    throw new IllegalArgumentException(type.toString());
  }

  private static DataFileStatus only(CloseableIterator<DataFileStatus> files) throws IOException {
    try (files) {
      DataFileStatus file = files.next();
      assertTrue(!files.hasNext(), "one file");
      return file;
    }
  }

  private ParquetMetadata footer(DataFileStatus file) throws IOException {
    return footer(file.getPath());
  }

  private ParquetMetadata footer(String path) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path), conf))) {
      return reader.getFooter();
    }
  }
}
