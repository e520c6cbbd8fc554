package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.run.FlushReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many writers, each with its own Kernel engine and flusher (as separate applications have),
 * committing small batches to one table at once through the log store for S3, on a filesystem
 * whose conditional create is atomic (S3Mock's is not, so races are not run there). Some PUTs meet
 * a 409, as S3 answers while another conditional write of the key is in progress. Every record of
 * every writer lands exactly once.
 */
@Timeout(300)
class ConditionalPutRaceTest {

  private static final int WRITERS = 6;
  private static final int PER_WRITER = 200;

  @AfterEach
  void reset() {
    PutIfAbsentFileSystem.reset();
  }

  @Test
  void racingWritersAllLandOnce() throws Exception {
    Configuration conf = PutIfAbsentFileSystem.conf(ConditionalPutLogStore.class);
    String root = PutIfAbsentFileSystem.root(TestSpark.newStoreRoot("s3 race"));
    AtomicInteger puts = new AtomicInteger();
    PutIfAbsentFileSystem.beforePut(path -> {
      if (puts.incrementAndGet() % 7 == 0) {
        throw PutIfAbsentFileSystem.s3aError(path, 409, "ConditionalRequestConflict");
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<FlushReport>> writers = new ArrayList<>();
    try {
      for (int w = 0; w < WRITERS; w++) {
        String id = "racer-" + w;
        writers.add(pool.submit(() -> ConcurrentWriterMain.write(conf, root, id, PER_WRITER)));
      }
      for (Future<FlushReport> writer : writers) {
        FlushReport report = writer.get(4, TimeUnit.MINUTES);
        assertTrue(report.complete(), report.toString());
        assertEquals(PER_WRITER, report.written(), report.toString());
      }
    } finally {
      pool.shutdownNow();
    }

    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    String table = new StoreLayout(root).tablePath(StoreTable.STATS);
    long version = TableRows.forEach(Store.engine(conf), table, List.of("writer_id", "seq"), r -> {
      if (!seen.add(r.text("writer_id") + "/" + r.whole("seq"))) {
        twice.add(r.text("writer_id") + "/" + r.whole("seq"));
      }
    });
    assertEquals(List.of(), twice, "records written twice");
    assertEquals(WRITERS * PER_WRITER, seen.size(), "records landed");
    assertTrue(version >= WRITERS * PER_WRITER / 50,
        "writers committed in many small interleaved commits: " + version);
  }
}
