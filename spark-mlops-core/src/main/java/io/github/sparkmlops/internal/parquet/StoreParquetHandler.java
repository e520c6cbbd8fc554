package io.github.sparkmlops.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultParquetHandler;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.internal.parquet.ParquetStatsReader;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Kernel's Parquet handler, except that the store's data files and checkpoints are written with
 * the store's Hadoop settings.
 *
 * <p>Kernel's own writer gives parquet-mr no configuration, so parquet-mr makes a {@code new
 * Configuration()} for every file it writes and, to look up an encryption factory, parses
 * Hadoop's default XML files from the classpath, searching every jar for the site files that are
 * not there: a third of the flusher's CPU in a small flush's profile, in the data file and again
 * in each checkpoint. Here parquet-mr gets the configuration the store was opened with, already
 * parsed, and honours the same settings as Kernel's writer ({@code parquet.compression}, the
 * block, page and dictionary sizes, the writer version, Kernel's target file size, looked at
 * every {@value #ROWS_PER_SIZE_CHECK} rows). Files are named as Kernel names them, and their
 * statistics are read from their footers by Kernel's own reader, so the {@code add} actions are
 * those Kernel would make. A file whose writing fails is deleted.
 *
 * <p>Schemas this writer does not cover ({@link ParquetSchemas#covers}: other types, or the field
 * ids of column mapping) go to Kernel's writer, as does all reading.
 */
public final class StoreParquetHandler extends DefaultParquetHandler {

  /** Kernel's setting for the size at which a writer starts a new file, which this one honours. */
  public static final String TARGET_FILE_SIZE =
      "delta.kernel.default.parquet.writer.targetMaxFileSize";
  private static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;
  /**
   * Rows between two looks at a file's size: a look sums every column's buffers, and looking at
   * every row, as Kernel's writer does, made a flush of 100,000 records about 15 % slower. A file
   * passes the target size by at most this many rows less one.
   */
  static final int ROWS_PER_SIZE_CHECK = 64;

  private final FileIO fileIO;
  private final Configuration hadoopConf;

  /**
   * @param fileIO the engine's file IO, which creates, resolves and reads the files
   * @param hadoopConf the configuration {@code fileIO} was made with
   */
  public StoreParquetHandler(FileIO fileIO, Configuration hadoopConf) {
    super(fileIO);
    this.fileIO = fileIO;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public CloseableIterator<DataFileStatus> writeParquetFiles(String directory,
      CloseableIterator<FilteredColumnarBatch> data, List<Column> statsColumns)
      throws IOException {
    Batches batches = firstBatchOf(data);
    if (!batches.coveredByThisWriter()) {
      return super.writeParquetFiles(directory, batches.all(), statsColumns);
    }
    List<DataFileStatus> written = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    try (data) {
      long target = fileIO.getConf(TARGET_FILE_SIZE).map(Long::parseLong)
          .orElse(DEFAULT_TARGET_FILE_SIZE);
      if (target <= 0) {
        throw new IllegalArgumentException("Invalid target Parquet file size: " + target);
      }
      RowWriteSupport support = new RowWriteSupport(batches.schema());
      while (batches.hasRows()) {
        String path = new io.delta.kernel.internal.fs.Path(directory,
            String.format("%s-%03d.parquet", UUID.randomUUID(), written.size())).toString();
        long rows = write(path, false, support, batches, target);
        paths.add(path);
        written.add(status(path, support.schema(), rows, statsColumns));
      }
    } catch (IOException | RuntimeException | Error e) {
      // files no commit will name: leave none behind
      for (String path : paths) {
        delete(path, e);
      }
      throw e;
    }
    return Utils.toCloseableIterator(written.iterator());
  }

  @Override
  public void writeParquetFileAtomically(String filePath,
      CloseableIterator<FilteredColumnarBatch> data) throws IOException {
    Batches batches = firstBatchOf(data);
    if (!batches.coveredByThisWriter()) {
      super.writeParquetFileAtomically(filePath, batches.all());
      return;
    }
    try (data) {
      write(filePath, true, new RowWriteSupport(batches.schema()), batches, Long.MAX_VALUE);
    }
  }

  /** The batches of {@code data}, the first one read; {@code data} closed if that read fails. */
  private static Batches firstBatchOf(CloseableIterator<FilteredColumnarBatch> data) {
    try {
      return new Batches(data);
    } catch (RuntimeException e) {
      Utils.closeCloseablesSilently(data);
      throw e;
    }
  }

  /**
   * Writes the selected rows of {@code batches} to one new file, until they end or the file
   * reaches {@code targetSize}. If the rows cannot be read or written, the file is not left under
   * its name: parquet-mr closes a file whose writing failed with a valid footer, and a checkpoint
   * holding part of a table's state would break every later read of the table.
   *
   * @return the number of rows written
   */
  private long write(String path, boolean putIfAbsent, RowWriteSupport support, Batches batches,
      long targetSize) throws IOException {
    ParquetWriter<Integer> writer = open(path, putIfAbsent, support);
    long rows = 0;
    try {
      FilteredColumnarBatch bound = null;
      while (batches.hasRows()) {
        if (batches.current() != bound) {
          bound = batches.current();
          support.use(bound.getData());
        }
        writer.write(batches.takeRow());
        rows++;
        if (rows % ROWS_PER_SIZE_CHECK == 0 && writer.getDataSize() >= targetSize) {
          break;
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      abandon(writer, path, e);
      throw e;
    }
    writer.close();
    return rows;
  }

  /**
   * Closes a file whose writing failed and deletes it if closing put it under its name. If closing
   * fails (another writer's checkpoint is there, say), there is nothing of ours to delete.
   */
  private void abandon(ParquetWriter<Integer> writer, String path, Throwable failure) {
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
      return;
    }
    delete(path, failure);
  }

  private void delete(String path, Throwable failure) {
    try {
      fileIO.delete(path);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private ParquetWriter<Integer> open(String path, boolean putIfAbsent,
      RowWriteSupport support) throws IOException {
    Builder builder = new Builder(
        new KernelOutputFile(fileIO.newOutputFile(path), putIfAbsent), support)
        .withConf(hadoopConf);
    setting(ParquetOutputFormat.COMPRESSION).ifPresent(
        codec -> builder.withCompressionCodec(CompressionCodecName.fromConf(codec)));
    setting(ParquetOutputFormat.BLOCK_SIZE).map(Long::parseLong)
        .ifPresent(builder::withRowGroupSize);
    setting(ParquetOutputFormat.PAGE_SIZE).map(Integer::parseInt)
        .ifPresent(builder::withPageSize);
    setting(ParquetOutputFormat.DICTIONARY_PAGE_SIZE).map(Integer::parseInt)
        .ifPresent(builder::withDictionaryPageSize);
    setting(ParquetOutputFormat.MAX_PADDING_BYTES).map(Integer::parseInt)
        .ifPresent(builder::withMaxPaddingSize);
    setting(ParquetOutputFormat.ENABLE_DICTIONARY).map(Boolean::parseBoolean)
        .ifPresent(builder::withDictionaryEncoding);
    setting(ParquetOutputFormat.VALIDATION).map(Boolean::parseBoolean)
        .ifPresent(builder::withValidation);
    setting(ParquetOutputFormat.WRITER_VERSION).map(WriterVersion::fromString)
        .ifPresent(builder::withWriterVersion);
    return builder.build();
  }

  private Optional<String> setting(String key) {
    return fileIO.getConf(key);
  }

  /** The file's status, with its statistics read from its footer when some are asked for. */
  private DataFileStatus status(String path, StructType schema, long rows,
      List<Column> statsColumns) throws IOException {
    FileStatus file = fileIO.getFileStatus(path);
    String resolved = fileIO.resolvePath(path);
    DataFileStatistics statistics = statsColumns.isEmpty()
        ? new DataFileStatistics(rows, Map.of(), Map.of(), Map.of(), Optional.empty())
        : ParquetStatsReader.readDataFileStatistics(
            fileIO.newInputFile(resolved, file.getSize()), schema, statsColumns);
    return new DataFileStatus(resolved, file.getSize(), file.getModificationTime(),
        Optional.of(statistics));
  }

  /** parquet-mr's writer builder for {@link RowWriteSupport}. */
  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final RowWriteSupport support;

    Builder(org.apache.parquet.io.OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-mr: a builder must have it
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /**
   * The selected rows of a stream of batches, one at a time. The first batch with rows is read
   * on creation, to know the schema; batches must all have it.
   */
  private static final class Batches {
    private final CloseableIterator<FilteredColumnarBatch> rest;
    private final FilteredColumnarBatch first;
    private final StructType schema;
    private FilteredColumnarBatch current;
    private int row;

    Batches(CloseableIterator<FilteredColumnarBatch> data) {
      this.rest = data;
      this.first = nextWithRows();
      this.schema = first == null ? null : first.getData().getSchema();
      this.current = first;
      this.row = -1;
    }

    boolean coveredByThisWriter() {
      return schema != null && ParquetSchemas.covers(schema);
    }

    StructType schema() {
      return schema;
    }

    /** Every batch, the first one read included, for Kernel's writer; read no further here. */
    CloseableIterator<FilteredColumnarBatch> all() {
      return new CloseableIterator<>() {
        private FilteredColumnarBatch pending = first;

        @Override
        public boolean hasNext() {
          return pending != null || rest.hasNext();
        }

        @Override
        public FilteredColumnarBatch next() {
          if (pending == null) {
            return rest.next();
          }
          FilteredColumnarBatch next = pending;
          pending = null;
          return next;
        }

        @Override
        public void close() throws IOException {
          rest.close();
        }
      };
    }

    FilteredColumnarBatch current() {
      return current;
    }

    /** Whether a selected row is left, moving to it. */
    boolean hasRows() {
      while (current != null) {
        int size = current.getData().getSize();
        Optional<ColumnVector> selection = current.getSelectionVector();
        for (int next = row + 1; next < size; next++) {
          if (selection.isEmpty() || (!selection.get().isNullAt(next)
              && selection.get().getBoolean(next))) {
            row = next - 1;
            return true;
          }
        }
        current = nextWithRows();
        row = -1;
        if (current != null && !current.getData().getSchema().equals(schema)) {
          throw new IllegalArgumentException("Batches of one write have different schemas: "
              + schema + " and " + current.getData().getSchema());
        }
      }
      return false;
    }

    /** The next selected row's number in {@link #current()}; {@link #hasRows} must be true. */
    int takeRow() {
      return ++row;
    }

    private FilteredColumnarBatch nextWithRows() {
      while (rest.hasNext()) {
        FilteredColumnarBatch batch = rest.next();
        if (batch.getData().getSize() > 0) {
          return batch;
        }
      }
      return null;
    }
  }
}
