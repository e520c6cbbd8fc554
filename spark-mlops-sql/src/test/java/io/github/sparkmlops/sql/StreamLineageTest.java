package io.github.sparkmlops.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.TestSpark;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lineage of Structured Streaming queries: once per micro-batch, a row per source and one for
 * the sink, recorded by the Spark listener from the batch's progress, with real delta-spark
 * tables and files, read back through format("mlops").
 */
class StreamLineageTest {

  private static final SparkSession spark = TestSpark.session();
  private Path root;
  private Path data;

  @BeforeEach
  void start() throws Exception {
    root = TestSpark.newStoreRoot("stream lineage");
    data = Files.createDirectories(root.getParent().resolve("data"));
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    spark.conf().set(MLOpsConfig.LINEAGE_ENABLED, "true");
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "true");
  }

  @AfterEach
  void stop() {
    spark.conf().unset(MLOpsConfig.LINEAGE_ENABLED);
    spark.conf().unset(MLOpsConfig.STORE);
    spark.conf().set(MLOpsConfig.LISTENER_ENABLED, "false");
    spark.catalog().dropTempView("stream_lineage_memory");
  }

  @Test
  void aDeltaStreamRecordsEachBatchsSourceVersionAndSinkOnce() throws Exception {
    String source = data.resolve("events").toString();
    String sink = data.resolve("copy").toString();
    spark.range(10).write().format("delta").save(source); // version 0
    spark.range(10).write().format("delta").mode("append").save(source); // version 1
    MLOps mlops = MLOps.init(spark);
    StreamingQuery query = spark.readStream().format("delta").load(source)
        .writeStream().format("delta").queryName("copy")
        .option("checkpointLocation", data.resolve("checkpoint").toString())
        .start(sink);
    query.processAllAvailable(); // batch 0: the snapshot of version 1
    spark.range(10).write().format("delta").mode("append").save(source); // version 2
    query.processAllAvailable(); // batch 1: version 2
    query.stop();
    assertTrue(mlops.done().complete());

    List<Row> all = lineage().orderBy("batch_id", "direction").collectAsList();
    // the micro-batches' own executions add nothing: only the append to the source remains
    List<Row> queries = all.stream().filter(r -> r.getAs("query_id") == null).toList();
    assertEquals(1, queries.size(), queries.toString());
    assertEquals(List.of("output", "delta", uri(source)), cells(queries.get(0)));
    String tableId = queries.get(0).getAs("table_id");
    assertNotNull(tableId);
    List<Row> rows = all.stream().filter(r -> r.getAs("query_id") != null).toList();
    assertEquals(4, rows.size(), "one input and one output per batch: " + rows);
    for (int batch = 0; batch <= 1; batch++) {
      Row in = rows.get(2 * batch);
      Row out = rows.get(2 * batch + 1);
      for (Row r : List.of(in, out)) {
        assertEquals(batch, (long) r.getAs("batch_id"));
        assertEquals("copy", r.getAs("query_name"));
        assertEquals(query.id().toString(), r.getAs("query_id"));
        assertEquals(query.runId().toString(), r.getAs("query_run_id"));
        assertEquals(mlops.context().runId(), r.getAs("run_id"));
        assertTrue(r.isNullAt(r.fieldIndex("execution_id")), r.toString());
        assertEquals("delta", r.getAs("format"));
      }
      assertEquals("input", in.getAs("direction"));
      assertEquals(uri(source), in.getAs("path"));
      assertEquals(tableId, in.getAs("table_id"));
      assertEquals(batch + 1, (long) in.getAs("version"), "the last version read: " + in);
      assertEquals("output", out.getAs("direction"));
      assertEquals(uri(sink), out.getAs("path"));
      assertTrue(out.isNullAt(out.fieldIndex("version")), "not in the progress: " + out);
    }
    assertEquals(0, spark.read().format("mlops").option("store", root.toString()).load()
        .where("name = 'mlops.lineage.skipped'").count());
  }

  @Test
  void fileStreamsRecordTheirFoldersAndForeachBatchWritesAreQueriesOfTheirOwn() throws Exception {
    String input = data.resolve("in").toString();
    String copy = data.resolve("copy").toString();
    String scores = data.resolve("scores").toString();
    spark.range(5).write().json(input);
    MLOps mlops = MLOps.init(spark);
    StreamingQuery files = spark.readStream().schema("id LONG").json(input)
        .writeStream().format("parquet").trigger(Trigger.AvailableNow())
        .option("checkpointLocation", data.resolve("checkpoint").toString())
        .start(copy);
    files.awaitTermination();
    StreamingQuery foreach = spark.readStream().schema("id LONG").json(input)
        .writeStream().trigger(Trigger.AvailableNow())
        .option("checkpointLocation", data.resolve("checkpoint2").toString())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> batch.write().parquet(scores))
        .start();
    foreach.awaitTermination();
    // a V2 sink: Spark hands its micro-batch to the query listener, which must not record it
    StreamingQuery memory = spark.readStream().schema("id LONG").json(input)
        .writeStream().format("memory").queryName("stream_lineage_memory")
        .trigger(Trigger.AvailableNow())
        .option("checkpointLocation", data.resolve("checkpoint3").toString())
        .start();
    memory.awaitTermination();
    assertTrue(mlops.done().complete());

    List<Row> all = lineage().orderBy("direction").collectAsList();
    List<Row> stream = of(all, files);
    assertEquals(2, stream.size(), stream.toString());
    assertEquals(List.of("input", "files", uri(input)), cells(stream.get(0)));
    assertEquals(List.of("output", "files", uri(copy)), cells(stream.get(1)));

    List<Row> foreachRows = of(all, foreach);
    assertEquals(2, foreachRows.size(), foreachRows.toString());
    assertEquals(List.of("input", "files", uri(input)), cells(foreachRows.get(0)));
    Row sink = foreachRows.get(1);
    assertEquals("foreachBatch", sink.getAs("format"));
    assertEquals("ForeachBatchSink", sink.getAs("table_name"));
    List<Row> memoryRows = of(all, memory);
    assertEquals(2, memoryRows.size(), memoryRows.toString());
    assertEquals(List.of("output", "memory", "MemorySink"), List.of(
        memoryRows.get(1).getAs("direction"), memoryRows.get(1).getAs("format"),
        memoryRows.get(1).getAs("table_name")));
    // the body's write is an ordinary query, with an execution id and no stream columns;
    // nothing else is
    List<Row> queries = all.stream().filter(r -> r.getAs("query_id") == null).toList();
    assertEquals(1, queries.size(), queries.toString());
    Row body = queries.get(0);
    assertEquals(List.of("output", "parquet", uri(scores)), cells(body));
    assertNotNull(body.getAs("execution_id"), body.toString());
  }

  private static List<Row> of(List<Row> rows, StreamingQuery query) {
    return rows.stream().filter(r -> query.id().toString().equals(r.getAs("query_id"))).toList();
  }

  private Dataset<Row> lineage() {
    return spark.read().format("mlops").option("store", root.toString())
        .option("table", "lineage").load();
  }

  private static List<Object> cells(Row r) {
    return List.of(r.getAs("direction"), r.getAs("format"), r.getAs("path"));
  }

  /** A local path as Spark names it in plans: file: and the absolute path. */
  private static String uri(String path) {
    return "file:" + Path.of(path).toAbsolutePath();
  }
}
