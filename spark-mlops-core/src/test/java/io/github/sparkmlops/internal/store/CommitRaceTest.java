package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sparkmlops.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Many writers, each with its own Kernel engine (as separate JVMs have), committing small batches
 * to one table on the local filesystem as fast as they can (see {@link RacingWritersMain}). Every
 * commit must land: a log store whose "does the next version exist?" check and rename are two
 * steps lets two writers both win a version, and the second silently replaces the first's commit.
 */
class CommitRaceTest {

  static final int WRITERS = 8;
  static final int COMMITS = 25;

  @Test
  void racingCommitsAllLand() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = TestSpark.newStoreRoot("race");
    createStats(root);
    RacingWritersMain.race(root.toString(), "racer-", WRITERS, COMMITS);
    long rows = spark.read().format("delta").load(root.resolve("stats").toString()).count();
    assertEquals((long) WRITERS * COMMITS, rows);
  }

  /** Creates the stats table of the store at {@code root}, with no rows. */
  static void createStats(Path root) throws java.io.IOException {
    Store.writers(Store.engine(new Configuration()), new StoreLayout(root.toString()))
        .get(StoreTable.STATS).append("creator", 1, List.of());
  }
}
