package io.github.sparkmlops.sql.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.StatCategory;
import io.github.sparkmlops.LocalCluster;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.store.DeltaTableWriter;
import io.github.sparkmlops.internal.store.StatRecord;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code mlops} source on executors that are JVMs of their own, with Kryo as Spark's data
 * serializer and {@code spark.kryo.registrationRequired=true}: the session's Hadoop settings the
 * driver broadcasts reach the executors whole, in a class Spark registers with Kryo itself.
 */
class KryoClusterTest {

  @Test
  void executorsInJvmsOfTheirOwnReadTheStoreUnderKryo() throws Exception {
    Path root = TestSpark.newStoreRoot("kryo cluster");
    DeltaTableWriter writer = Store.writers(
        Store.engine(TestSpark.session().sessionState().newHadoopConf()),
        new StoreLayout(root.toString())).get(StoreTable.STATS);
    RunContext context = new RunContext("app", "train", "driver", "run-1", "h");
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(StoreSchema.statRow(new StatRecord(start.plusSeconds(i), context, "w", i + 1,
          "loss", StatCategory.TIME_SERIES.name(), StatType.NUMBER, new NumberValue(i))));
    }
    writer.append("w", 1, rows);
    Process job = LocalCluster.start(root, KryoClusterMain.class, "1g", root.toString());
    String output = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(job.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, job.exitValue(), output);
    assertTrue(output.contains("READ 100 4950.0"), output);
  }
}
