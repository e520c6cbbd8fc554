package io.github.sparkmlops.sql.internal.stream;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.sql.internal.plan.DataFile;
import io.github.sparkmlops.sql.internal.plan.FilePartition;
import io.github.sparkmlops.sql.internal.plan.KeptFiles;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.ScanPlanner;
import io.github.sparkmlops.sql.internal.plan.SnapshotSpec;
import io.github.sparkmlops.sql.internal.stream.CommitLog.Head;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails one store table: each micro-batch reads the data files between two {@link StreamOffset}s,
 * first those of the snapshot current when the query started (unless a starting version or time
 * is given), then the files each later commit adds. Commits that only rearrange files (compaction,
 * {@code dataChange=false}) add nothing; a commit that removes data fails the query unless {@code
 * skipChangeCommits} is set. The files are packed into partitions and read exactly as a batch
 * read's are, with the same filters.
 */
public final class MLOpsMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow {

  private static final Logger LOG = LoggerFactory.getLogger(MLOpsMicroBatchStream.class);
  private static final long TARGET_PARTITION_BYTES = 128L << 20;
  /** Commits read from the log at once; they are cached until a batch past them is committed. */
  private static final int COMMITS_PER_READ = 100;

  private final ScanPlanner planner;
  private final CommitLog log;
  private final Configuration hadoopConf;
  private final Optional<RowFilter> filter;
  private final StreamOptions options;
  private final PartitionReaderFactory readers;
  private final IntSupplier parallelism;
  private final TreeMap<Long, CommitFiles> commits = new TreeMap<>();
  private StreamOffset initial;
  private long snapshotVersion = -1;
  private List<DataFile> snapshotFiles;
  private Set<String> snapshotKept;
  private Long availableNowLast;
  private Long fileRetentionMillis;

  /**
   * A stream over {@code table} of {@code store}.
   *
   * @param filter the rows the query needs: it prunes the starting snapshot's files as a batch
   *     read does, and the readers apply it to rows
   * @param readers the factory of the executors' readers, as a batch read of the same scan uses
   * @param parallelism the least number of partitions a batch is spread over
   */
  public MLOpsMicroBatchStream(Configuration hadoopConf, StoreLayout store, StoreTable table,
      Optional<RowFilter> filter, StreamOptions options, PartitionReaderFactory readers,
      IntSupplier parallelism) {
    this.planner = new ScanPlanner(hadoopConf, store, table);
    this.log = new CommitLog(Store.engine(hadoopConf), store.tablePath(table));
    this.hadoopConf = hadoopConf;
    this.filter = filter;
    this.options = options;
    this.readers = readers;
    this.parallelism = parallelism;
  }

  @Override
  public synchronized Offset initialOffset() {
    if (initial == null) {
      initial = startingOffset();
      LOG.info("Stream over {} starts at {}", log.tablePath(), initial);
    }
    return initial.toSpark();
  }

  private StreamOffset startingOffset() {
    Optional<Head> found = log.head();
    if (found.isEmpty()) {
      // A folder that is not a store table would otherwise be waited on forever; the planner tells.
      planner.planSnapshot(SnapshotSpec.latest(), Optional.empty());
      if (options.startingVersion().isPresent() || options.startingTimestamp().isPresent()) {
        throw new IllegalArgumentException("Option '" + (options.startingVersion().isPresent()
            ? "startingVersion" : "startingTimestamp") + "' names no version of " + log.tablePath()
            + ": the table does not exist yet");
      }
      // Everything the table will ever hold is new: start at its first commit once it exists.
      return StreamOffset.atCommit(null, 0);
    }
    Head head = found.get();
    if (options.startingLatest()) {
      return StreamOffset.atCommit(head.tableId(), head.version() + 1);
    }
    if (options.startingVersion().isPresent()) {
      long version = options.startingVersion().get();
      if (version > head.version()) {
        throw new IllegalArgumentException("Option 'startingVersion' (" + version + ") is after "
            + "the latest version " + head.version() + " of " + log.tablePath());
      }
      try {
        log.commits(version, version);
      } catch (IllegalStateException gone) {
        throw new IllegalArgumentException("Option 'startingVersion' (" + version + ") names a "
            + "version the log of " + log.tablePath() + " no longer holds", gone);
      }
      return StreamOffset.atCommit(head.tableId(), version);
    }
    if (options.startingTimestamp().isPresent()) {
      return StreamOffset.atCommit(head.tableId(),
          log.firstVersionAtOrAfter(options.startingTimestamp().get(), head));
    }
    return new StreamOffset(head.tableId(), head.version(), 0, true);
  }

  @Override
  public Offset deserializeOffset(String json) {
    return StreamOffset.fromJson(json).toSpark();
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    Optional<Integer> files = options.maxFilesPerTrigger();
    Optional<Long> bytes = options.maxBytesPerTrigger();
    if (files.isPresent() && bytes.isPresent()) {
      return ReadLimit.compositeLimit(new ReadLimit[] {
          ReadLimit.maxFiles(files.get()), ReadLimit.maxBytes(bytes.get())});
    }
    if (bytes.isPresent()) {
      return ReadLimit.maxBytes(bytes.get());
    }
    return ReadLimit.maxFiles(files.orElse(StreamOptions.DEFAULT_MAX_FILES_PER_TRIGGER));
  }

  @Override
  public synchronized void prepareForTriggerAvailableNow() {
    // Trigger.AvailableNow reads up to the version current now, in as many batches as the limits make.
    availableNowLast = log.head().map(Head::version).orElse(-1L);
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException(
        "The mlops stream admits files per batch; Spark calls latestOffset(start, limit)");
  }

  @Override
  public synchronized Offset latestOffset(Offset start, ReadLimit limit) {
    StreamOffset from = StreamOffset.of(start);
    Optional<Head> found = log.head();
    if (found.isEmpty()) {
      if (from.tableId() != null) {
        throw new IllegalStateException("The table " + log.tablePath() + " that this stream reads "
            + "(table id " + from.tableId() + ") no longer exists");
      }
      return start;
    }
    Head head = found.get();
    requireSameTable(from.tableId(), head.tableId(), "its latest version " + head.version());
    long last = availableNowLast != null ? availableNowLast : head.version();
    StreamOffset end = walk(withTable(from, head.tableId()), last, Admission.of(limit), null, null);
    return end.toSpark();
  }

  @Override
  public synchronized InputPartition[] planInputPartitions(Offset start, Offset end) {
    StreamOffset to = StreamOffset.of(end);
    StreamOffset from = withTable(StreamOffset.of(start), to.tableId());
    List<DataFile> files = new ArrayList<>();
    // An end at the start of a commit does not read that commit (it may not exist yet).
    long last = !to.inSnapshot() && to.index() == 0 ? to.version() - 1 : to.version();
    walk(from, last, Admission.unlimited(), to, files);
    requireKept(files, from, to);
    long bytes = files.stream().mapToLong(DataFile::size).sum();
    long bySize = (bytes + TARGET_PARTITION_BYTES - 1) / TARGET_PARTITION_BYTES;
    return FilePartition.pack(files, (int) Math.max(parallelism.getAsInt(), bySize));
  }

  /**
   * A stream reads files that later commits may have replaced (a compaction) and the store's
   * clean-up may since have deleted: when it starts from a version long past, or resumes after
   * falling behind for longer than the file retention. Such a batch fails here, saying so, not in
   * every task. Files younger than the retention cannot be gone, so a stream that keeps up checks
   * nothing.
   */
  private void requireKept(List<DataFile> files, StreamOffset from, StreamOffset to) {
    if (files.isEmpty()) {
      return;
    }
    Optional<Head> head = log.head();
    if (fileRetentionMillis == null && head.isPresent()) {
      fileRetentionMillis = KeptFiles.retentionMillis(head.get().snapshot());
    }
    if (fileRetentionMillis == null) {
      return;
    }
    Optional<DataFile> gone = new KeptFiles(hadoopConf).firstGone(files,
        System.currentTimeMillis() - fileRetentionMillis);
    if (gone.isEmpty()) {
      return;
    }
    Optional<String> starting = options.startingVersion().map(v -> "startingVersion " + v)
        .or(() -> options.startingTimestamp().map(t -> "startingTimestamp " + t));
    throw new IllegalStateException("The stream over " + log.tablePath() + " must read "
        + gone.get().path() + " (of versions " + from.version() + " to " + to.version() + "), but "
        + "the store's clean-up deleted it: maintenance deletes the files that later commits "
        + "replaced (a compaction) once they are older than "
        + MLOpsConfig.MAINTENANCE_FILE_RETENTION + " (this table keeps them for "
        + KeptFiles.retention(head.get().snapshot()) + "). " + starting.map(s -> "The query "
            + "started with " + s + ", which reaches back further than that. ")
            .orElse("The query fell behind, or was stopped, for longer than that. ")
        + "Start it again with a new checkpoint location, without startingVersion (the current "
        + "snapshot is complete) or with a version committed within the retention.");
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return readers;
  }

  @Override
  public synchronized void commit(Offset end) {
    StreamOffset done = StreamOffset.of(end);
    if (!done.inSnapshot()) {
      commits.headMap(done.version()).clear();
      if (done.version() > snapshotVersion) {
        snapshotFiles = null;
        snapshotKept = null;
      }
    }
  }

  @Override
  public synchronized void stop() {
    commits.clear();
    snapshotFiles = null;
    snapshotKept = null;
  }

  /**
   * Walks the stream from {@code from}: admits files while {@code admission} allows, up to version
   * {@code last} or to {@code stop}, and returns where it ended. Files that the filter rules out are
   * passed over but still count and advance the position, so offsets do not depend on filters.
   *
   * @param stop where to end (exclusive), or null to end where admission or the log ends
   * @param out receives the files to read, or null
   */
  private StreamOffset walk(StreamOffset from, long last, Admission admission, StreamOffset stop,
      List<DataFile> out) {
    StreamOffset at = from;
    if (at.inSnapshot()) {
      List<DataFile> files = snapshotFiles(at.version());
      for (long i = at.index(); i < files.size(); i++) {
        StreamOffset here = new StreamOffset(at.tableId(), at.version(), i, true);
        DataFile file = files.get((int) i);
        if (samePlace(here, stop) || !admission.admit(file)) {
          return here;
        }
        if (out != null && snapshotKept.contains(file.path())) {
          out.add(file);
        }
      }
      at = StreamOffset.atCommit(at.tableId(), at.version() + 1);
    }
    while (at.version() <= last && !samePlace(at, stop)) {
      CommitFiles commit = commit(at.version(), last, at.tableId());
      List<DataFile> files = commit.removesData() ? List.of() : commit.files();
      for (long i = at.index(); i < files.size(); i++) {
        StreamOffset here = new StreamOffset(at.tableId(), at.version(), i, false);
        if (samePlace(here, stop) || !admission.admit(files.get((int) i))) {
          return here;
        }
        if (out != null && DatePruning.mayHold(filter, files.get((int) i))) {
          out.add(files.get((int) i));
        }
      }
      at = StreamOffset.atCommit(at.tableId(), at.version() + 1);
    }
    return at;
  }

  private static boolean samePlace(StreamOffset a, StreamOffset b) {
    return b != null && a.version() == b.version() && a.index() == b.index()
        && a.inSnapshot() == b.inSnapshot();
  }

  private static StreamOffset withTable(StreamOffset offset, String tableId) {
    return new StreamOffset(tableId, offset.version(), offset.index(), offset.inSnapshot());
  }

  /** Commit {@code version}, validated; read with the next ones (up to {@code last}) when not cached. */
  private CommitFiles commit(long version, long last, String tableId) {
    CommitFiles commit = commits.get(version);
    if (commit == null) {
      for (CommitFiles read : log.commits(version, Math.min(last, version + COMMITS_PER_READ - 1))) {
        commits.put(read.version(), read);
      }
      commit = commits.get(version);
    }
    if (commit.tableId().isPresent()) {
      requireSameTable(tableId, commit.tableId().get(), "its version " + version);
    }
    if (commit.removesData() && !options.skipChangeCommits()) {
      throw new IllegalStateException("Version " + version + " of " + log.tablePath() + " removes "
          + "data (a DELETE, UPDATE or MERGE, say), which a stream of the store's records cannot "
          + "express. Set option skipChangeCommits=true to skip such commits (rows they add are "
          + "skipped too), or read the table again with a new checkpoint location.");
    }
    if (commit.removesData()) {
      LOG.warn("Skipping version {} of {}: it removes data and skipChangeCommits is set", version,
          log.tablePath());
    }
    return commit;
  }

  private void requireSameTable(String expected, String found, String where) {
    if (expected != null && !expected.equals(found)) {
      throw new IllegalStateException("The table " + log.tablePath() + " was recreated: this "
          + "stream read table id " + expected + ", but " + where + " has table id " + found
          + ". Its offsets mean nothing in the new table; start the query with a new checkpoint "
          + "location (and startingVersion, if the old rows are not wanted again).");
    }
  }

  /**
   * The starting snapshot's files in a fixed order (modification time, then path, as Delta's
   * stream orders them), and the ones the filter keeps.
   */
  private List<DataFile> snapshotFiles(long version) {
    if (snapshotFiles == null || snapshotVersion != version) {
      List<DataFile> all;
      Set<String> kept = new HashSet<>();
      try {
        all = new ArrayList<>(planner.planVersion(version, Optional.empty()).files());
        if (filter.isPresent()) {
          planner.planVersion(version, filter).files().forEach(f -> kept.add(f.path()));
        } else {
          all.forEach(f -> kept.add(f.path()));
        }
      } catch (IllegalArgumentException gone) {
        throw new IllegalStateException("The stream over " + log.tablePath() + " is reading the "
            + "snapshot at version " + version + " it started from, but the log no longer holds "
            + "that version (log retention removed it). Restart the query with a new checkpoint "
            + "location.", gone);
      }
      all.sort(Comparator.comparingLong(DataFile::modificationTime).thenComparing(DataFile::path));
      snapshotFiles = List.copyOf(all);
      snapshotKept = kept;
      snapshotVersion = version;
    }
    return snapshotFiles;
  }
}
