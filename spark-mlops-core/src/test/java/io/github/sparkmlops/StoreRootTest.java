package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.config.MLOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** A store root that can never work is refused before anything is acknowledged. */
class StoreRootTest {

  private final SparkSession spark = TestSpark.session();

  @AfterEach
  void unset() {
    spark.conf().unset(MLOpsConfig.STORE);
  }

  private IllegalArgumentException refused(String root) {
    spark.conf().set(MLOpsConfig.STORE, root);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MLOps.init(spark));
    assertTrue(e.getMessage().contains(MLOpsConfig.STORE) && e.getMessage().contains(root),
        e.getMessage());
    assertThrows(IllegalStateException.class, MLOps::get, "no instance was made");
    return e;
  }

  @Test
  void anUnknownSchemeIsRefusedAtInit() {
    assertTrue(refused("foo://x/mlops").getMessage().contains("foo"));
  }

  @Test
  void aRegularFileOrAPathUnderOneIsRefusedAtInit() throws Exception {
    Path file = Files.createFile(TestSpark.newStoreRoot("file").getParent().resolve("plain.txt"));
    assertTrue(refused(file.toString()).getMessage().contains("is a file"));
    assertTrue(refused(file.resolve("mlops").toString()).getMessage().contains("is a file"));
    assertTrue(Files.isRegularFile(file), "left as it was");
  }

  @Test
  void aStoreNotMadeYetIsAccepted() {
    Path root = TestSpark.newStoreRoot("later").resolve("deeper");
    spark.conf().set(MLOpsConfig.STORE, root.toString());
    MLOps.init(spark).setStat("x", 1);
    assertTrue(MLOps.get().done().complete());
    assertTrue(Files.isDirectory(root.resolve("stats")));
  }

  @Test
  void aListenerWithAnUnusableStoreStaysIdleAndNeverThrowsIntoSpark() {
    SparkConf conf = spark.sparkContext().getConf().set(MLOpsConfig.STORE, "foo://x/mlops");
    MLOpsListener listener = new MLOpsListener(conf);
    listener.onJobStart(new SparkListenerJobStart(1, 0L,
        CollectionConverters.asScala(List.<StageInfo>of()).toSeq(), new Properties()));
    assertThrows(IllegalStateException.class, MLOps::get, "no instance was made");
    assertFalse(Files.exists(Path.of("foo:")), "nothing written anywhere");
  }
}
