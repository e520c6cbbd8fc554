package io.github.sparkmlops.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The lineage capture on this JVM's Spark line: it reads Spark's plans (analyzed and executed)
 * and delta-spark's file index, whose shapes may move between lines.
 */
class LineageTest {

  private static final SparkSession spark = LineSpark.session();

  @Test
  void readsAndWritesAreRecordedWithVersionsAndFiles() {
    Path root = LineSpark.newStoreRoot("lineage");
    Path data = root.resolveSibling(root.getFileName() + "-data");
    String delta = data.resolve("delta").toString();
    String parquet = data.resolve("parquet").toString();
    spark.range(10).write().format("delta").save(delta);
    spark.range(10).write().format("delta").mode("append").save(delta);
    spark.conf().set(LineSpark.STORE, root.toString());
    try {
      MLOps mlops = MLOps.init(spark);
      spark.read().format("delta").option("versionAsOf", 0).load(delta).write().parquet(parquet);
      assertEquals(20, spark.read().format("delta").load(delta)
          .union(spark.read().parquet(parquet)).count() - 10);
      assertTrue(mlops.done().complete());
    } finally {
      spark.conf().unset(LineSpark.STORE);
    }
    List<String> rows = LineSpark.delta(root, "lineage").orderBy("execution_id", "direction", "format")
        .selectExpr("concat_ws(' ', direction, format, version, files > 0)")
        .as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("input delta 0 true", "output parquet true", "input delta 1 true",
        "input parquet true"), rows, "on Spark " + LineSpark.sparkVersion());
    // the run wrote no stat: no count of relations skipped, queries dropped or walks failed
    assertFalse(Files.exists(root.resolve("stats")), "on Spark " + LineSpark.sparkVersion() + ": "
        + (Files.exists(root.resolve("stats")) ? LineSpark.delta(root, "stats")
            .select("name", "value").collectAsList() : ""));
  }
}
