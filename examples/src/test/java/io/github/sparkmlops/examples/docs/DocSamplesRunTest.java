package io.github.sparkmlops.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The docs' quick starts and read-back sample run, each with a store of its own, on one local
 * SparkSession, and write what the docs say they write. The session is the one their {@code
 * getOrCreate()} finds, as under {@code spark-submit}.
 */
class DocSamplesRunTest {

  @TempDir
  static Path work;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("doc-samples")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", work.resolve("warehouse").toUri().toString())
        // the settings the read-back sample says each way of reading needs
        .config("spark.sql.catalog.mlops", "io.github.sparkmlops.sql.MLOpsCatalog")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog",
            "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // delta-spark reads a table's log with 50 tasks by default: 2 are plenty here
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void quickStartInJava() {
    Path store = useStore("java");
    QuickStart.main(new String[0]);
    assertEquals(Map.of("rows.read", 1000.0, "training.loss", 0.21), numbers(store, "rows.read",
        "training.loss"));
    assertEquals(List.of("null ages"), alerts(store));
  }

  @Test
  void quickStartInScala() {
    Path store = useStore("scala");
    QuickStartScala.main(new String[0]);
    assertEquals(Map.of("rows.read", 1000.0, "training.loss", 0.21), numbers(store, "rows.read",
        "training.loss"));
    assertEquals(List.of("null ages"), alerts(store));
  }

  @Test
  void quickStartWithStructuredStreaming() throws Exception {
    Path store = useStore("streaming");
    QuickStartStreaming.run(spark, work.resolve("checkpoint").toString());
    // one micro-batch of the source's 1,000 rows, profiled by the listener from its progress
    assertEquals(Map.of("scores.rows", 1000.0), numbers(store, "scores.rows"));
  }

  @Test
  void databricksCellInScala() {
    Path store = useStore("databricks");
    DatabricksCell.run(spark);
    Map<String, Double> trips = numbers(store, "trips.count", "trips.distance.mean");
    assertEquals(1000.0, trips.get("trips.count"));
    assertEquals(15.0, trips.get("trips.distance.mean"), 2.0, "the mean of 1,000 draws in [0, 30)");
  }

  @Test
  void readBackThreeWays() {
    Path store = useStore("read-back");
    MLOps mlops = MLOps.init(spark);
    mlops.setStat("training.loss", 0.5).setStat("training.loss", 0.25).setStat("rows.read", 10);
    mlops.dataAlert("null ages", "12% of rows have no age");
    assertTrue(GuaranteesSamples.flushReport(mlops).complete());

    List<Dataset<Row>> read = CollectionConverters.asJava(ReadBack.read(spark, store.toString()));
    assertEquals(List.of(0.25, 0.5), read.get(0).orderBy("value").select("value")
        .as(Encoders.DOUBLE()).collectAsList(), "the mlops source: training.loss");
    assertEquals(List.of("null ages"), read.get(1).select("title").as(Encoders.STRING())
        .collectAsList(), "SQL: the alerts");
    assertEquals(3, read.get(2).where("name IN ('training.loss', 'rows.read')").count(),
        "delta-spark: the stats table");
  }

  /** Points the next {@code MLOps.init} at a new store. */
  private static Path useStore(String name) {
    Path store = work.resolve("store-" + name);
    spark.conf().set("spark.mlops.store", store.toString());
    return store;
  }

  private static Dataset<Row> stats(Path store) {
    return spark.read().format("mlops").option("store", store.toString()).load();
  }

  private static Map<String, Double> numbers(Path store, String... names) {
    Map<String, Double> numbers = new TreeMap<>();
    for (Row row : stats(store).where(namesIn(names)).select("name", "value").collectAsList()) {
      numbers.merge(row.getString(0), row.getDouble(1), (a, b) -> {
        throw new AssertionError(row.getString(0) + " was stored twice: " + a + ", " + b);
      });
    }
    return numbers;
  }

  private static String namesIn(String... names) {
    return "name IN ('" + String.join("', '", names) + "')";
  }

  private static List<String> alerts(Path store) {
    return spark.read().format("mlops").option("store", store.toString()).option("table", "events")
        .load().where("is_alert").select("title").as(Encoders.STRING())
        .collectAsList();
  }
}
