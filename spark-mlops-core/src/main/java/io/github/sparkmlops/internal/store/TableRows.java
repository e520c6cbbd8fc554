package io.github.sparkmlops.internal.store;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a store table's rows on the calling thread with Delta Kernel, no Spark job: for the model
 * registry's small tables and the views folded from them. Values come as a {@link TableSpec} row
 * holds them (strings, boxed numbers, {@code Long} microseconds, {@code Integer} days, {@code
 * Object[]} structs, {@code List} arrays), in the order of the columns asked for; a column the table
 * does not have yet (written by an older version) reads as null.
 */
public final class TableRows {

  private TableRows() {}

  /**
   * The table's latest version, or -1 when there is no table yet.
   *
   * @param engine an engine from {@link Store#engine}
   * @throws IllegalArgumentException naming the path, if something other than a store table is
   *     there (see {@link MissingTable})
   */
  public static long version(Engine engine, String path) {
    return latest(engine, path).map(Snapshot::getVersion).orElse(-1L);
  }

  /**
   * The table's latest snapshot, or empty when there is no table yet: for a caller that reads it
   * ({@link #byFile}) and asks it more, with one load of the log.
   *
   * @throws IllegalArgumentException as {@link #version} does
   */
  public static Optional<Snapshot> latest(Engine engine, String path) {
    try {
      return Optional.of(TableManager.loadSnapshot(path).build(engine));
    } catch (TableNotFoundException e) {
      MissingTable.requireNotYetCreated(engine, path, e);
      return Optional.empty();
    }
  }

  /**
   * Hands {@code each} every row of the table's latest version, with the values of {@code columns}.
   *
   * @return the version read, or -1 when there is no table yet (and no row)
   * @throws IllegalArgumentException as {@link #version} does
   */
  public static long forEach(Engine engine, String path, List<String> columns,
      Consumer<Values> each) {
    Map<String, Integer> index = indexOf(columns);
    return forEachArray(engine, path, columns, row -> each.accept(new Values(index, row)));
  }

  /** One row's values, by column name. */
  public static final class Values {
    private final Map<String, Integer> index;
    private final Object[] row;

    private Values(Map<String, Integer> index, Object[] row) {
      this.index = index;
      this.row = row;
    }

    /** The column's value (null for a null, or for a column that was not asked for). */
    public Object get(String column) {
      Integer i = index.get(column);
      return i == null ? null : row[i];
    }

    /** A string column's value. */
    public String text(String column) {
      return (String) get(column);
    }

    /** A long or timestamp (microseconds) column's value. */
    public Long whole(String column) {
      return (Long) get(column);
    }

    /** A timestamp column's value as an instant, or null. */
    public Instant time(String column) {
      Long micros = whole(column);
      return micros == null ? null : StoreTime.instant(micros);
    }
  }

  /**
   * A table's rows by data file, as {@link #byFile} read them.
   *
   * @param version the version read, or -1 when there was no table yet
   * @param files each data file's decoded rows, in the order the scan listed the files
   */
  public record FileRows<R>(long version, Map<String, List<R>> files) {

    /** Nothing read yet. */
    public static <R> FileRows<R> none() {
      return new FileRows<>(Long.MIN_VALUE, Map.of());
    }

    /** Every row, file after file, as {@link #forEach} hands them. */
    public List<R> rows() {
      List<R> rows = new ArrayList<>();
      files.values().forEach(rows::addAll);
      return rows;
    }
  }

  /**
   * The rows of the table's latest version, decoded, reading only the data files that {@code
   * previous} does not hold: a Delta data file never changes once written, so its rows are those
   * read before. A file with a deletion vector is always read (its rows depend on the vector).
   * A table that only grows is read in the time of its new files, where {@link #forEach} reads
   * every file again, each through a Parquet reader of its own.
   *
   * @param latest the table's snapshot to read, as {@link #latest} loaded it (empty: no table yet)
   */
  public static <R> FileRows<R> byFile(Engine engine, String path, Optional<Snapshot> latest,
      List<String> columns, Function<Values, R> decode, FileRows<R> previous) {
    if (latest.isEmpty()) {
      return new FileRows<>(-1, Map.of());
    }
    Map<String, Integer> index = indexOf(columns);
    Map<String, List<R>> files = new LinkedHashMap<>();
    long version = scanFiles(engine, path, latest.get(), columns, (scanFile, read) -> {
      String file = InternalScanFileUtils.getFilePath(scanFile);
      boolean unchanged = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile) == null;
      List<R> known = unchanged ? previous.files().get(file) : null;
      if (known == null) {
        List<R> rows = new ArrayList<>();
        read.accept(row -> rows.add(decode.apply(new Values(index, row))));
        known = List.copyOf(rows);
      }
      // a file listed twice (it cannot be, in one snapshot) would only be read twice
      files.merge(file, known, (a, b) -> a);
    });
    return new FileRows<>(version, files);
  }

  /**
   * A data file of a snapshot, as a scan lists it.
   *
   * @param key its path, with its deletion vector's id when it has one: the rows it gives change
   *     only with its key (a Delta data file never changes once written)
   * @param bytes its size
   */
  public record DataFile(String key, long bytes) {}

  /**
   * Every data file of {@code snapshot} (of the table at {@code path}), none read, in the order a
   * scan lists them: the newest commit's first.
   */
  public static List<DataFile> dataFiles(Engine engine, String path, Snapshot snapshot) {
    List<DataFile> files = new ArrayList<>();
    scanFiles(engine, path, snapshot, List.of(), (scanFile, read) -> files.add(dataFile(scanFile)));
    return files;
  }

  /**
   * Hands {@code each} the rows of those data files of {@code snapshot} that {@code read} takes,
   * with the values of {@code columns}, file after file in the order of {@link #dataFiles}.
   */
  public static void forEachIn(Engine engine, String path, Snapshot snapshot,
      List<String> columns, Predicate<DataFile> read, Consumer<Values> each) {
    Map<String, Integer> index = indexOf(columns);
    scanFiles(engine, path, snapshot, columns, (scanFile, rows) -> {
      if (read.test(dataFile(scanFile))) {
        rows.accept(row -> each.accept(new Values(index, row)));
      }
    });
  }

  private static DataFile dataFile(Row scanFile) {
    String file = InternalScanFileUtils.getFilePath(scanFile);
    DeletionVectorDescriptor vector =
        InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
    return new DataFile(vector == null ? file : file + "#" + vector.getUniqueId(),
        InternalScanFileUtils.getAddFileStatus(scanFile).getSize());
  }

  /** Each column's position in {@code columns}, as {@link Values} looks it up. */
  private static Map<String, Integer> indexOf(List<String> columns) {
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < columns.size(); c++) {
      index.put(columns.get(c), c);
    }
    return index;
  }

  private static long forEachArray(Engine engine, String path, List<String> columns,
      Consumer<Object[]> each) {
    Optional<Snapshot> latest = latest(engine, path);
    if (latest.isEmpty()) {
      return -1;
    }
    return scanFiles(engine, path, latest.get(), columns, (scanFile, read) -> read.accept(each));
  }

  /**
   * Hands {@code each} every data file of {@code snapshot} (of the table at {@code path}) with a
   * reader of its rows (the values of {@code columns}, in that order), which it may call or not.
   *
   * @return the snapshot's version
   */
  private static long scanFiles(Engine engine, String path, Snapshot snapshot, List<String> columns,
      BiConsumer<Row, Consumer<Consumer<Object[]>>> each) {
    StructType schema = snapshot.getSchema();
    List<StructField> present = new ArrayList<>();
    int[] into = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      int ordinal = schema.indexOf(columns.get(c));
      into[c] = ordinal < 0 ? -1 : present.size();
      if (ordinal >= 0) {
        present.add(schema.at(ordinal));
      }
    }
    Scan scan = snapshot.getScanBuilder().withReadSchema(new StructType(present)).build();
    Row scanState = scan.getScanState(engine);
    try {
      KernelIterators.forEachScanFile(engine, scan, scanFile -> each.accept(scanFile, rows -> {
        try (CloseableIterator<FilteredColumnarBatch> batches =
            KernelIterators.readScanFile(engine, scanState, scanFile)) {
          while (batches.hasNext()) {
            emit(batches.next(), into, rows);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Reading " + InternalScanFileUtils.getAddFileStatus(scanFile)
              .getPath() + " failed", e);
        }
      }));
    } catch (IOException e) {
      throw new UncheckedIOException("Listing the files of " + path + " failed", e);
    }
    return snapshot.getVersion();
  }

  private static void emit(FilteredColumnarBatch filtered, int[] into, Consumer<Object[]> each) {
    ColumnarBatch batch = filtered.getData();
    Optional<ColumnVector> selected = filtered.getSelectionVector();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selected.isPresent()
          && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue;
      }
      Object[] row = new Object[into.length];
      for (int c = 0; c < into.length; c++) {
        if (into[c] >= 0) {
          ColumnVector vector = batch.getColumnVector(into[c]);
          row[c] = value(vector.getDataType(), vector, r);
        }
      }
      each.accept(row);
    }
  }

  private static Object value(DataType type, ColumnVector v, int r) {
    if (v.isNullAt(r)) {
      return null;
    }
    if (type instanceof StringType) {
      return v.getString(r);
    }
    if (type instanceof LongType || type instanceof TimestampType) {
      return v.getLong(r);
    }
    if (type instanceof DoubleType) {
      return v.getDouble(r);
    }
    if (type instanceof BooleanType) {
      return v.getBoolean(r);
    }
    if (type instanceof DateType) {
      return v.getInt(r);
    }
    if (type instanceof ArrayType arrayType) {
      ArrayValue array = v.getArray(r);
      ColumnVector elements = array.getElements();
      List<Object> out = new ArrayList<>(array.getSize());
      for (int i = 0; i < array.getSize(); i++) {
        out.add(value(arrayType.getElementType(), elements, i));
      }
      return out;
    }
    if (type instanceof StructType struct) {
      Object[] out = new Object[struct.length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = value(struct.at(i).getDataType(), v.getChild(i), r);
      }
      return out;
    }
    throw new IllegalStateException("No store value for the column type " + type);
  }
}
