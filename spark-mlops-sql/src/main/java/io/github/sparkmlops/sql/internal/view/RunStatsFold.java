package io.github.sparkmlops.sql.internal.view;

import static io.github.sparkmlops.internal.store.StoreSchema.CATEGORY;
import static io.github.sparkmlops.internal.store.StoreSchema.HOST;
import static io.github.sparkmlops.internal.store.StoreSchema.MLAPP;
import static io.github.sparkmlops.internal.store.StoreSchema.NAME;
import static io.github.sparkmlops.internal.store.StoreSchema.NODE;
import static io.github.sparkmlops.internal.store.StoreSchema.PIPELINE;
import static io.github.sparkmlops.internal.store.StoreSchema.RUN_ID;
import static io.github.sparkmlops.internal.store.StoreSchema.TEXT;
import static io.github.sparkmlops.internal.store.StoreSchema.TIME;
import static io.github.sparkmlops.internal.store.StoreSchema.VALUE;

import io.github.sparkmlops.internal.model.RunStats;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Sums up the stats rows of one Spark task into {@link RunStats}, one per run, name and context:
 * the sums the driver's fold ({@link io.github.sparkmlops.internal.model.RunStatsCache}) makes of
 * the same rows in the same order, the last one read winning among rows of the same time. The six
 * key columns are compared as {@link StringCodes}: a row costs a few integer comparisons and a
 * lookup of a long, not six strings decoded and hashed.
 */
final class RunStatsFold {

  /** The columns read, the six of the key first. */
  private static final List<String> COLUMNS =
      List.of(RUN_ID, NAME, MLAPP, PIPELINE, NODE, HOST, TIME, CATEGORY, VALUE, TEXT);
  private static final int TIME_COLUMN = 6;
  private static final int CATEGORY_COLUMN = 7;
  private static final int VALUE_COLUMN = 8;
  private static final int TEXT_COLUMN = 9;

  /** The code of {@link RecordSink#CONFIG} among the categories. */
  private static final int CONFIG = 1;

  /** A run and context, as the codes of their strings: what a task's rows rarely change. */
  private record ContextKey(int runId, int mlapp, int pipeline, int node, int host) {}

  /** A run and context a task read, with a number of its own. */
  private record Context(ContextKey key, int id) {

    boolean is(int runId, int mlapp, int pipeline, int node, int host) {
      return key.runId() == runId && key.mlapp() == mlapp && key.pipeline() == pipeline
          && key.node() == node && key.host() == host;
    }
  }

  /**
   * The sums by context and name, keyed by both numbers in one long: a lookup per row that
   * neither boxes nor allocates, and memory for the sums there are (open addressing).
   */
  private static final class SumIndex {
    private long[] keys = new long[64];
    private Sum[] sums = new Sum[64];
    private int shift = 64 - 6;
    private int size;

    Sum get(long key) {
      for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
        if (sums[i] == null || keys[i] == key) {
          return sums[i];
        }
      }
    }

    void put(long key, Sum sum) {
      if (2 * (size + 1) > keys.length) {
        long[] oldKeys = keys;
        Sum[] oldSums = sums;
        keys = new long[oldKeys.length * 2];
        sums = new Sum[oldSums.length * 2];
        shift--;
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldSums[i] != null) {
            insert(oldKeys[i], oldSums[i]);
          }
        }
      }
      insert(key, sum);
      size++;
    }

    private void insert(long key, Sum sum) {
      int i = slot(key);
      while (sums[i] != null) {
        i = (i + 1) & (keys.length - 1);
      }
      keys[i] = key;
      sums[i] = sum;
    }

    /** Fibonacci hashing: the top bits of the key times the golden ratio. */
    private int slot(long key) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
  }

  /** The sum of the rows of one run, context and name so far. */
  private static final class Sum {
    final ContextKey context;
    final int name;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long count;
    boolean configured;
    long configTime;
    String configValue;
    boolean measured;
    long metricTime;
    double metricValue;

    Sum(ContextKey context, int name) {
      this.context = context;
      this.name = name;
    }
  }

  private final StringCodes runIds = new StringCodes();
  private final StringCodes names = new StringCodes();
  private final StringCodes mlapps = new StringCodes();
  private final StringCodes pipelines = new StringCodes();
  private final StringCodes nodes = new StringCodes();
  private final StringCodes hosts = new StringCodes();
  /** The codes of the key columns, in the order of {@link #COLUMNS}. */
  private final List<StringCodes> keys = List.of(runIds, names, mlapps, pipelines, nodes, hosts);
  private final StringCodes categories = new StringCodes(RecordSink.CONFIG);
  private final Map<ContextKey, Context> contexts = new HashMap<>();
  private final SumIndex index = new SumIndex();
  /** Every sum, in the order of their first rows. */
  private final List<Sum> sums = new ArrayList<>();

  private RunStatsFold() {}

  /** The columns a reader of the {@code stats} table hands this fold, in its order. */
  static StructType columns() {
    StructType all = StoreTable.STATS.sparkSchema();
    StructType columns = new StructType();
    for (String name : COLUMNS) {
      columns = columns.add(all.apply(name));
    }
    return columns;
  }

  /**
   * The sums of a task's partitions, given by their numbers in {@code partitions}, read in turn
   * with {@code readers}, each file in its partition's order: as one array of bytes, the list of
   * {@link RunStats} in Java's serialization ({@link #decode}). A task's result goes through
   * Spark's data serializer, which may be Kryo, and Kryo cannot make records.
   */
  static Iterator<byte[]> sums(PartitionReaderFactory readers, FilePartition[] partitions,
      Iterator<Integer> numbers) throws IOException {
    RunStatsFold fold = new RunStatsFold();
    while (numbers.hasNext()) {
      try (PartitionReader<ColumnarBatch> reader =
          readers.createColumnarReader(partitions[numbers.next()])) {
        while (reader.next()) {
          fold.add(reader.get());
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(fold.result()));
    }
    return List.of(bytes.toByteArray()).iterator();
  }

  /** The sums a task's result holds. */
  @SuppressWarnings("unchecked")
  static List<RunStats> decode(byte[] result) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(result))) {
      return (List<RunStats>) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("A task's sums of the stats table could not be read", e);
    }
  }

  private void add(ColumnarBatch batch) {
    for (int c = 0; c < keys.size(); c++) {
      keys.get(c).read(batch.column(c));
    }
    categories.read(batch.column(CATEGORY_COLUMN));
    ColumnVector time = batch.column(TIME_COLUMN);
    ColumnVector value = batch.column(VALUE_COLUMN);
    ColumnVector text = batch.column(TEXT_COLUMN);
    Context context = null;
    for (int row = 0; row < batch.numRows(); row++) {
      int runId = runIds.code(row);
      int mlapp = mlapps.code(row);
      int pipeline = pipelines.code(row);
      int node = nodes.code(row);
      int host = hosts.code(row);
      // a task's rows rarely change run or context: look one up only when it changes
      if (context == null || !context.is(runId, mlapp, pipeline, node, host)) {
        context = contexts.computeIfAbsent(new ContextKey(runId, mlapp, pipeline, node, host),
            key -> new Context(key, contexts.size()));
      }
      Sum sum = sum(context, names.code(row));
      long t = time.getLong(row);
      sum.start = Math.min(sum.start, t);
      sum.end = Math.max(sum.end, t);
      sum.count++;
      boolean numbered = !value.isNullAt(row);
      if (categories.code(row) == CONFIG) {
        String shown = !sum.configured || sum.configTime <= t ? RunStats.configValue(
            text.isNullAt(row) ? null : text.getUTF8String(row).toString(),
            numbered ? value.getDouble(row) : null) : null;
        if (shown != null) {
          sum.configured = true;
          sum.configTime = t;
          sum.configValue = shown;
        }
      } else if (numbered && (!sum.measured || sum.metricTime <= t)) {
        sum.measured = true;
        sum.metricTime = t;
        sum.metricValue = value.getDouble(row);
      }
    }
  }

  /** The sum of a context's rows of a name, a new one if it is the first such row. */
  private Sum sum(Context context, int name) {
    long key = (long) context.id() << 32 | name;
    Sum sum = index.get(key);
    if (sum == null) {
      sum = new Sum(context.key(), name);
      index.put(key, sum);
      sums.add(sum);
    }
    return sum;
  }

  private List<RunStats> result() {
    List<RunStats> result = new ArrayList<>(sums.size());
    sums.forEach(sum -> result.add(new RunStats(runIds.string(sum.context.runId()),
        mlapps.string(sum.context.mlapp()), pipelines.string(sum.context.pipeline()),
        nodes.string(sum.context.node()), hosts.string(sum.context.host()),
        names.string(sum.name), sum.start, sum.end, sum.count,
        sum.configured ? sum.configTime : null, sum.configValue,
        sum.measured ? sum.metricTime : null, sum.measured ? sum.metricValue : null)));
    return result;
  }
}
