package io.github.sparkmlops.internal.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Spark's Hadoop configuration of a SparkConf, and the fallback that copies spark.hadoop.*. */
class HadoopConfigurationsTest {

  @Test
  void theFallbackCarriesTheSameSparkHadoopSettings() {
    SparkConf conf = new SparkConf(false)
        .set("spark.hadoop.fs.mlops-test.impl", "org.example.TestFileSystem")
        .set("spark.hadoop.dfs.replication", "2")
        .set("spark.mlops.store", "/tmp/not-hadoop");
    Configuration internal = HadoopConfigurations.of(conf);
    Configuration fallback = HadoopConfigurations.of(
        conf.clone().set(SparkSeam.HADOOP_CONF.setting(), "true"));
    for (Configuration hadoop : new Configuration[] {internal, fallback}) {
      assertEquals("org.example.TestFileSystem", hadoop.get("fs.mlops-test.impl"));
      assertEquals("2", hadoop.get("dfs.replication"));
      assertNull(hadoop.get("spark.mlops.store"));
    }
  }
}
