package io.github.sparkmlops.internal.model;

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

import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.internal.store.TableRows.DataFile;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code runs} view's {@link RunStats} of a store, kept between reads: its {@code stats} table
 * summed up per run, name and context, with the data files the sums came from. A table that only
 * grew since the last read (a job flushing) is read in the time of its new files alone; one that
 * lost files (maintenance rewrote them, rows were deleted) is summed up again. The sums of the last
 * {@value #STORES} stores read are kept, for the life of the JVM, unless a store has more than
 * {@value #MOST_SUMS} (about 200 bytes each): such a store is summed up whole at every read.
 *
 * <p>The sums are those of reading every row in the order a scan lists them: for each run and name,
 * the earliest and latest time, the count, and the latest {@code CONFIG} and other value, the last
 * one read among rows of the same time. Kernel lists the newest files first, so the new files are
 * folded before the sums kept, which win ties of time as the older rows would.
 */
public final class RunStatsCache {

  /** How many stores' sums are kept. */
  private static final int STORES = 2;

  /** The most sums (runs times names) kept for a store: the driver's memory is not ours. */
  private static final int MOST_SUMS = 250_000;

  private static final Map<String, RunStatsCache> BY_TABLE =
      new LinkedHashMap<>(STORES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunStatsCache> eldest) {
          return size() > STORES;
        }
      };

  /** The columns the sums take from each stats row. */
  private static final List<String> COLUMNS =
      List.of(RUN_ID, MLAPP, PIPELINE, NODE, HOST, TIME, NAME, CATEGORY, VALUE, TEXT);

  /** How a caller that can do better than the driver sums up a whole {@code stats} table. */
  @FunctionalInterface
  public interface Whole {

    /** No better way: the driver reads the rows itself, on the calling thread. */
    Whole ON_THE_DRIVER = (version, bytes) -> Optional.empty();

    /**
     * The {@link RunStats} of the whole table at {@code version}, from another reader, or empty for
     * the driver to read {@code bytes} of data files itself.
     *
     * @param bytes what the driver would read: the whole table, or the files added since the sums
     *     kept
     */
    Optional<RunStats.Source> at(long version, long bytes);
  }

  /** A run, name and context: what a sum is kept for. */
  private record Key(String runId, String name, String mlapp, String pipeline, String node,
      String host) {

    static Key of(RunStats s) {
      return new Key(s.runId(), s.name(), s.mlapp(), s.pipeline(), s.node(), s.host());
    }
  }

  /** The data files summed up, by {@link DataFile#key()}. */
  private Set<String> files = Set.of();
  private Map<Key, RunStats> sums = Map.of();

  private RunStatsCache() {}

  /**
   * The {@code stats} table's {@link RunStats} as it is when the source is used (not before: a
   * caller that does not use it reads nothing), summed up per run, name and context.
   *
   * @param whole how to sum up the whole table when the driver would read {@code bytes}
   */
  public static RunStats.Source current(StoreLayout store, Configuration hadoopConf,
      Whole whole) {
    String path = store.tablePath(StoreTable.STATS);
    return each -> {
      RunStatsCache cache;
      synchronized (BY_TABLE) {
        cache = BY_TABLE.computeIfAbsent(path, p -> new RunStatsCache());
      }
      cache.update(Store.engine(hadoopConf), path, whole).forEach(each);
    };
  }

  /** The sums of the table's latest version, reading what the sums kept do not cover. */
  private synchronized List<RunStats> update(Engine engine, String path, Whole whole) {
    Optional<Snapshot> latest = TableRows.latest(engine, path);
    if (latest.isEmpty()) {
      files = Set.of();
      sums = Map.of();
      return List.of();
    }
    Snapshot snapshot = latest.get();
    List<DataFile> listed = TableRows.dataFiles(engine, path, snapshot);
    Set<String> keys = new HashSet<>();
    listed.forEach(f -> keys.add(f.key()));
    int added = (int) listed.stream().filter(f -> !files.contains(f.key())).count();
    if (added == 0 && keys.size() == files.size()) {
      return List.copyOf(sums.values());
    }
    // only grown: every file kept is still there, and the new ones are listed first
    boolean grown = keys.containsAll(files)
        && listed.subList(0, added).stream().noneMatch(f -> files.contains(f.key()));
    List<DataFile> toRead = grown ? listed.subList(0, added) : listed;
    long bytes = toRead.stream().mapToLong(DataFile::bytes).sum();
    Optional<RunStats.Source> elsewhere = whole.at(snapshot.getVersion(), bytes);
    Map<Key, RunStats> next;
    if (elsewhere.isPresent()) {
      next = sum(elsewhere.get());
    } else {
      Set<String> reading = new HashSet<>();
      toRead.forEach(f -> reading.add(f.key()));
      next = sum(each -> TableRows.forEachIn(engine, path, snapshot, COLUMNS,
          f -> reading.contains(f.key()), row -> each.accept(runStats(row))));
      if (grown) {
        sums.forEach((key, kept) -> next.merge(key, kept, RunStatsCache::then));
      }
    }
    boolean keep = next.size() <= MOST_SUMS;
    files = keep ? Set.copyOf(keys) : Set.of();
    sums = keep ? next : Map.of();
    return List.copyOf(next.values());
  }

  /** The sums of what {@code source} gives, in its order. */
  private static Map<Key, RunStats> sum(RunStats.Source source) {
    Map<Key, RunStats> sums = new LinkedHashMap<>();
    source.forEach(s -> sums.merge(Key.of(s), s, RunStatsCache::then));
    return sums;
  }

  /**
   * The sum of {@code first} and then {@code later}, of the same run, name and context: of values
   * of the same time, the later one, as the view's fold keeps them.
   */
  private static RunStats then(RunStats first, RunStats later) {
    boolean laterConfig = later.configTime() != null
        && (first.configTime() == null || first.configTime() <= later.configTime());
    boolean laterMetric = later.metricTime() != null
        && (first.metricTime() == null || first.metricTime() <= later.metricTime());
    RunStats config = laterConfig ? later : first;
    RunStats metric = laterMetric ? later : first;
    return new RunStats(first.runId(), first.mlapp(), first.pipeline(), first.node(), first.host(),
        first.name(), Math.min(first.start(), later.start()), Math.max(first.end(), later.end()),
        first.count() + later.count(), config.configTime(), config.configValue(),
        metric.metricTime(), metric.metricValue());
  }

  /** A stats row as the view takes it. */
  private static RunStats runStats(TableRows.Values row) {
    long time = row.whole(TIME);
    Double number = (Double) row.get(VALUE);
    boolean config = RecordSink.CONFIG.equals(row.text(CATEGORY));
    boolean metric = !config && number != null;
    String configValue = config ? RunStats.configValue(row.text(TEXT), number) : null;
    return new RunStats(row.text(RUN_ID), row.text(MLAPP), row.text(PIPELINE), row.text(NODE),
        row.text(HOST), row.text(NAME), time, time, 1, configValue == null ? null : time,
        configValue, metric ? time : null, metric ? number : null);
  }
}
