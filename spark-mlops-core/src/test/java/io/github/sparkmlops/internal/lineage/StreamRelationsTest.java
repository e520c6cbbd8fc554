package io.github.sparkmlops.internal.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.sparkmlops.internal.lineage.LineagePlans.Found;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.LineageTable.Relation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;

/**
 * The sources and sinks of micro-batches, read from the descriptions and offsets Spark and
 * delta-spark put in a query's progress (the texts below are theirs, as seen in Spark 4.1 with
 * Delta 4.4), without Spark running.
 */
class StreamRelationsTest {

  private static final Configuration CONF = new Configuration();
  private static final String DELTA_ID = "a87cbde1-fc9e-48e3-a1b2-b9d7e226fd74";

  @Test
  void aDeltaSourceHasItsPathTableIdAndTheLastVersionRead() {
    // at the base index of version 3: read through version 2
    Relation read = only(StreamRelations.source("DeltaSource[file:/data/events]",
        deltaOffset(3, -1), CONF));
    assertEquals(new Relation(LineageTable.INPUT, "delta", "file:/data/events", null, DELTA_ID,
        2L, null, null), read);
    // Delta's offsets of version 3 name the base index -100
    assertEquals(2L, only(StreamRelations.source("DeltaSource[file:/data/events]",
        deltaOffset(3, -100), CONF)).version());
    // within version 3 (a batch cut by maxFilesPerTrigger): version 3, read in part
    assertEquals(3L, only(StreamRelations.source("DeltaSource[file:/data/events]",
        deltaOffset(3, 4), CONF)).version());
    // before version 0: nothing read yet
    assertNull(only(StreamRelations.source("DeltaSource[file:/data/events]",
        deltaOffset(0, -1), CONF)).version());
  }

  @Test
  void aDeltaSourceWhoseOffsetIsNotDeltasIsStillRecordedWithoutVersion() {
    for (String offset : new String[] {null, "", "{not json", "{\"reservoirVersion\":\"x\"}"}) {
      Relation read = only(StreamRelations.source("DeltaSource[file:/data/events]", offset,
          CONF));
      assertEquals("file:/data/events", read.path());
      assertNull(read.version(), offset);
    }
  }

  @Test
  void pathsAreQualifiedAsSparkNamesThemInPlans() {
    // delta-spark describes its sink by the path as given
    assertEquals(new Relation(LineageTable.OUTPUT, "delta", "file:/data/out", null, null, null,
        null, null), StreamRelations.sink("DeltaSink[/data/out]", CONF));
    assertEquals("file:/data/in dir", only(StreamRelations.source(
        "FileStreamSource[file:/data/in dir]", "{\"logOffset\":0}", CONF)).path());
    Relation files = StreamRelations.sink("FileSink[file:/data/out2]", CONF);
    assertEquals("files", files.format());
    assertEquals("file:/data/out2", files.path());
  }

  @Test
  void kafkaRecordsEachTopicOfTheEndOffset() {
    List<Relation> topics = StreamRelations.source("KafkaV2[SubscribePattern[clicks.*]]",
        "{\"clicks.eu\":{\"0\":15,\"1\":12},\"clicks.us\":{\"0\":7}}", CONF);
    assertEquals(List.of("clicks.eu", "clicks.us"),
        topics.stream().map(Relation::tableName).toList());
    assertEquals("kafka", topics.get(0).format());
    assertNull(topics.get(0).path());
    assertEquals(List.of(), StreamRelations.source("KafkaV2[Subscribe[clicks]]", null, CONF));
  }

  @Test
  void sourcesAndSinksWithoutPathAreNamedByTheirDescription() {
    assertEquals(new Relation(LineageTable.INPUT, "rate", null,
            "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=default", null, null,
            null, null),
        only(StreamRelations.source(
            "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=default", "3",
            CONF)));
    assertEquals(new Relation(LineageTable.INPUT, "memory", null, "MemoryStream[value#12]", null,
        null, null, null), only(StreamRelations.source("MemoryStream[value#12]", "4", CONF)));
    // an object's hash changes at every run: not part of the name
    assertEquals(new Relation(LineageTable.OUTPUT, "console", null,
            "org.apache.spark.sql.execution.streaming.ConsoleTable$", null, null, null, null),
        StreamRelations.sink("org.apache.spark.sql.execution.streaming.ConsoleTable$@9dcdf2d",
            CONF));
    assertEquals("foreachBatch", StreamRelations.sink("ForeachBatchSink", CONF).format());
    assertEquals("ForeachBatchSink", StreamRelations.sink("ForeachBatchSink", CONF).tableName());
    assertEquals("memory", StreamRelations.sink("MemorySink", CONF).format());
    assertEquals("kafka", StreamRelations.sink(
        "org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@1f2e3d", CONF).format());
    // a kind this class does not know is its own format
    assertEquals(new Relation(LineageTable.INPUT, "KinesisSource", null,
        "KinesisSource[clicks]", null, null, null, null),
        only(StreamRelations.source("KinesisSource[clicks]", "{}", CONF)));
  }

  @Test
  void aDescriptionWithNoKindIsSkippedAndCounted() {
    for (String description : new String[] {null, "", "  ", "[x]", "42", "a source"}) {
      assertEquals(List.of(), StreamRelations.source(description, "{}", CONF), description);
      assertNull(StreamRelations.sink(description, CONF), description);
    }
    StreamingQueryProgress progress = progress(
        new SourceProgress[] {
            source("DeltaSource[file:/data/events]", deltaOffset(2, -1)),
            source("", "{}"),
            source("[?]", "{}")},
        new SinkProgress("DeltaSink[/data/out]"));
    Found found = StreamRelations.of(progress, CONF);
    assertEquals(2, found.skipped());
    assertEquals(List.of(LineageTable.INPUT, LineageTable.OUTPUT),
        found.relations().stream().map(Relation::direction).toList());

    Found noSink = StreamRelations.of(progress(new SourceProgress[0], new SinkProgress(" ")),
        CONF);
    assertEquals(new Found(List.of(), 1), noSink);
  }

  private static String deltaOffset(long version, long index) {
    return "{\"sourceVersion\":1,\"reservoirId\":\"" + DELTA_ID + "\",\"reservoirVersion\":"
        + version + ",\"index\":" + index + ",\"isStartingVersion\":false}";
  }

  private static SourceProgress source(String description, String endOffset) {
    return new SourceProgress(description, null, endOffset, null, 10, 1.0, 1.0, Map.of());
  }

  private static StreamingQueryProgress progress(SourceProgress[] sources, SinkProgress sink) {
    return new StreamingQueryProgress(UUID.randomUUID(), UUID.randomUUID(), "q",
        "2026-12-06T18:29:00.173Z", 1, 10, Map.of(), Map.of(), new StateOperatorProgress[0],
        sources, sink, Map.of());
  }

  private static Relation only(List<Relation> relations) {
    assertEquals(1, relations.size(), relations.toString());
    return relations.get(0);
  }
}
