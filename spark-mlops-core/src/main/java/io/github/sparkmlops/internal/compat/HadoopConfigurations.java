package io.github.sparkmlops.internal.compat;

import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import scala.Tuple2;

/**
 * The Hadoop configuration Spark derives from a {@link SparkConf}, for code that has no
 * SparkContext yet (a listener built while the context starts): Spark's own {@code
 * SparkHadoopUtil} where it links ({@link SparkSeam#HADOOP_CONF}), else a configuration holding
 * every {@code spark.hadoop.*} setting without its prefix, which is what Spark documents.
 */
public final class HadoopConfigurations {

  private static final String PREFIX = "spark.hadoop.";

  private HadoopConfigurations() {}

  /** The Hadoop configuration of {@code conf}. */
  public static Configuration of(SparkConf conf) {
    if (SparkSeam.HADOOP_CONF.useInternal(SparkSeam.HADOOP_CONF.forced(k -> option(conf, k)))) {
      try {
        return SparkHadoopUtil.get().newConfiguration(conf);
      } catch (LinkageError e) {
        SparkSeam.HADOOP_CONF.unavailable(e);
      }
    }
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().startsWith(PREFIX)) {
        hadoop.set(kv._1().substring(PREFIX.length()), kv._2());
      }
    }
    return hadoop;
  }

  private static Optional<String> option(SparkConf conf, String key) {
    return Optional.ofNullable(conf.get(key, null));
  }
}
