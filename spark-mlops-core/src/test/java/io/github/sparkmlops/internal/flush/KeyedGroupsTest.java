package io.github.sparkmlops.internal.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StreamBatch;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Keyed groups (a streaming query's batches) through the real flusher: the batches of one query
 * waiting at once are one commit, and a batch the table already holds is not written again, even
 * when it arrives among new ones from another application.
 */
class KeyedGroupsTest {

  private static final RunContext CONTEXT =
      new RunContext("tests", "tests", "tests", "run-1", "localhost");
  private static final FlushSettings SETTINGS = new FlushSettings(10_000, Duration.ofHours(1),
      Duration.ofMillis(50), Duration.ofSeconds(1), 100_000);

  private final SparkSession spark = TestSpark.session();

  @Test
  void aQuerysWaitingBatchesAreOneCommitAndReplaysAreLeftOut() throws Exception {
    Path root = TestSpark.newStoreRoot("keyed");
    StoreLayout layout = new StoreLayout(root.toString());
    try (Flusher first = flusher("app-1", layout)) {
      first.offerKeyed(StoreTable.STATS, "q", 0, batch("q", 0), Duration.ZERO);
      first.offer(StoreTable.STATS, row("plain", null, null, 0), Duration.ZERO);
      first.offerKeyed(StoreTable.STATS, "q", 1, batch("q", 1), Duration.ZERO);
      first.offerKeyed(StoreTable.STATS, "other", 0, batch("other", 0), Duration.ZERO);
      // batch 1 reported again (its query restarted in this application): written once
      first.offerKeyed(StoreTable.STATS, "q", 1, batch("q", 1), Duration.ZERO);
      assertEquals(0, first.flush(Duration.ofSeconds(60)).pending());
    }
    assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L), batchIds(root, "q"));
    assertEquals(3, writes(root), "one commit for q's two batches, one for other's, one plain");

    // another application replays batch 1 (Spark ran it again after a restart) and adds batch 2
    try (Flusher second = flusher("app-2", layout)) {
      second.offerKeyed(StoreTable.STATS, "q", 1, batch("q", 1), Duration.ZERO);
      second.offerKeyed(StoreTable.STATS, "q", 2, batch("q", 2), Duration.ZERO);
      second.offerKeyed(StoreTable.STATS, "other", 0, batch("other", 0), Duration.ZERO);
      assertEquals(0, second.flush(Duration.ofSeconds(60)).pending());
      assertEquals(9, second.report().written(), "every acknowledged row is accounted for");
    }
    assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L, 2L, 2L, 2L), batchIds(root, "q"));
    assertEquals(List.of(0L, 0L, 0L), batchIds(root, "other"), "other's replayed batch 0 is not written");
    assertEquals(4, writes(root), "only q's batch 2 was committed");
  }

  private static Flusher flusher(String writerId, StoreLayout layout) {
    return new Flusher(writerId, SETTINGS,
        Store.writers(Store.engine(new Configuration()), layout));
  }

  /** Three stats of query {@code queryId}'s batch (the flusher keys it by that id too). */
  private static List<Object[]> batch(String queryId, long batchId) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(row("s" + i, queryId, batchId, i));
    }
    return rows;
  }

  private static Object[] row(String name, String queryId, Long batchId, long seq) {
    StreamBatch stream = queryId == null ? null : new StreamBatch("query", queryId, "r", batchId);
    return StoreSchema.statRow(new StatRecord(Instant.now(), CONTEXT, "w", seq, name,
        "TIME_SERIES", StatType.NUMBER, new NumberValue(seq), null, stream));
  }

  private List<Long> batchIds(Path root, String queryId) {
    Dataset<Row> stats = spark.read().format("delta").load(root.resolve("stats").toString());
    return stats.where("query_id = '" + queryId + "'").orderBy("batch_id")
        .select("batch_id").as(Encoders.LONG()).collectAsList();
  }

  private long writes(Path root) {
    return spark.sql("DESCRIBE HISTORY delta.`" + root.resolve("stats") + "`")
        .where("operation = 'WRITE'").count();
  }
}
