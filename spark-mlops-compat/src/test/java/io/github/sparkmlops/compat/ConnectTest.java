package io.github.sparkmlops.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark Connect: a server started in this JVM (Spark's Connect plugin) with the assembly on its
 * classpath, {@code MLOpsListener} in {@code spark.extraListeners} and the mlops catalog
 * configured, and a Connect client talking to it over loopback gRPC. The client reads the store
 * through {@code format("mlops")} with filters and through SQL on the catalog; a job it runs is
 * recorded by the server's listener; the facade refuses it with a message that says why.
 *
 * <p>It needs a JVM of its own (the listener binds to the store its SparkContext starts with) and
 * the {@code spark-connect} server artifact, which Maven Central serves for 4.0.1 and 4.2.0 but
 * not for 4.1: it runs in the Spark 4.2 build only (execution {@code connect} of the compat module).
 */
class ConnectTest {

  private static final Set<Integer> connectJobs = ConcurrentHashMap.newKeySet();
  private static SparkSession server;
  private static SparkSession client;
  // a JVM of its own, without LineSpark: JUnit deletes the folder once the server has stopped
  @TempDir
  static Path folder;
  private static Path root;

  @BeforeAll
  static void startServerAndClient() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    root = folder.resolve("connect store").resolve("store");
    server = SparkSession.builder()
        .master("local[2]")
        .appName("spark-mlops-connect")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .config("spark.connect.grpc.binding.address", "localhost")
        .config("spark.connect.grpc.binding.port", Integer.toString(port))
        .config("spark.extraListeners", "io.github.sparkmlops.MLOpsListener")
        .config(LineSpark.STORE, root.toString())
        .config("spark.mlops.mlapp", "connect")
        .config("spark.sql.catalog.mlops", "io.github.sparkmlops.sql.MLOpsCatalog")
        .config("spark.sql.catalog.mlops.store", root.toString())
        .getOrCreate();
    server.sparkContext().addSparkListener(new ConnectJobs());
    MLOps mlops = MLOps.init(server);
    for (int i = 0; i < 5; i++) {
      mlops.setStat("loss", 1.0 / (i + 1));
    }
    assertTrue(mlops.flush().complete());
    client = SparkSession.builder().remote("sc://localhost:" + port)
        .config("spark.api.mode", "connect").create();
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void theClientReadsTheStoreWithFiltersAndThroughTheCatalog() {
    assertTrue(client.getClass().getName().startsWith("org.apache.spark.sql.connect."),
        client.getClass().getName());
    assertEquals(3, client.read().format("mlops").option("store", root.toString()).load()
        .where("name = 'loss' AND value > 0.3").count());
    assertEquals(5L, client.sql("SELECT count(*) FROM mlops.stats WHERE name = 'loss'")
        .first().getLong(0));
  }

  @Test
  void aJobTheClientRunsIsRecordedByTheServersListener() throws InterruptedException {
    Set<Integer> earlier = Set.copyOf(connectJobs);
    assertEquals(499_500L, client.range(0, 1000).selectExpr("sum(id)").first().getLong(0));
    long deadline = System.nanoTime() + 60_000_000_000L;
    Set<Integer> recorded = Set.of();
    Set<Integer> ours = Set.of();
    while (System.nanoTime() < deadline) {
      assertTrue(MLOps.get().flush().complete());
      recorded = jobIdsRecorded();
      ours = connectJobs.stream().filter(id -> !earlier.contains(id)).collect(Collectors.toSet());
      if (!ours.isEmpty() && recorded.containsAll(ours)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the client's jobs " + ours + " are not all among the recorded "
        + recorded);
  }

  @Test
  void theFacadeSaysItNeedsClassicSpark() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> MLOps.init(client));
    assertTrue(e.getMessage().contains("Spark Connect"), e.getMessage());
    assertTrue(e.getMessage().contains("format(\"mlops\")"), e.getMessage());
  }

  private static Set<Integer> jobIdsRecorded() {
    return server.read().format("mlops").option("store", root.toString())
        .option("name", "spark.job.id").load().collectAsList().stream()
        .map(r -> (int) r.<Double>getAs("value").doubleValue()).collect(Collectors.toSet());
  }

  /** Notes the jobs that Spark Connect runs for a client (it tags them SparkConnect_…). */
  private static final class ConnectJobs extends SparkListener {
    @Override
    public void onJobStart(SparkListenerJobStart start) {
      String tags = start.properties() == null ? null
          : start.properties().getProperty("spark.job.tags");
      if (tags != null && tags.contains("SparkConnect")) {
        connectJobs.add(start.jobId());
      }
    }
  }
}
