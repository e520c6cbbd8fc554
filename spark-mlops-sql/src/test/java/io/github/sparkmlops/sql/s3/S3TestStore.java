package io.github.sparkmlops.sql.s3;

import io.github.sparkmlops.S3Mock;
import io.github.sparkmlops.S3WireProxy;
import io.github.sparkmlops.TestSpark;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/**
 * Stores on S3 for the tests of this package, which run in the surefire execution {@code s3}, a
 * JVM of their own: S3Mock (started once, stopped when the JVM exits), a bucket reached directly and
 * one reached through an {@link S3WireProxy}, and the JVM's one SparkSession, started with the S3A
 * settings of both (S3A clients are cached per bucket, so every client of a bucket must be given
 * the same endpoint).
 */
final class S3TestStore {

  /** The bucket S3A reaches directly. */
  static final String BUCKET = "mlops-store";
  /** The bucket S3A reaches through the proxy. */
  static final String WIRE_BUCKET = "mlops-wire";

  private static Map<String, String> hadoop;
  private static S3WireProxy proxy;

  private S3TestStore() {}

  /** The session of this JVM, with S3A on S3Mock; skips the test outside the execution s3. */
  static synchronized SparkSession session() {
    Assumptions.assumeTrue(Boolean.getBoolean("mlops.s3.tests"), "runs in the surefire "
        + "execution s3 (mvn test runs it), in a JVM whose SparkSession starts with S3A's settings");
    if (hadoop == null) {
      S3Mock mock = S3Mock.shared().bucket(BUCKET).bucket(WIRE_BUCKET);
      proxy = new S3WireProxy(mock.port());
      hadoop = new LinkedHashMap<>(mock.s3aSettings());
      hadoop.put("fs.s3a.bucket." + WIRE_BUCKET + ".endpoint", proxy.endpoint());
    }
    return TestSpark.session(S3Mock.sparkSettings(hadoop));
  }

  /** Hadoop settings for writers of their own, the same as the session's. */
  static Configuration hadoopConf() {
    session();
    Configuration conf = new Configuration();
    hadoop.forEach(conf::set);
    return conf;
  }

  /** The proxy in front of {@link #WIRE_BUCKET}. */
  static S3WireProxy proxy() {
    session();
    return proxy;
  }

  /** A new store root in {@code bucket}; its key has a space in it, as users' paths do. */
  static String newRoot(String bucket, String label) {
    return "s3a://" + bucket + "/" + label + " " + UUID.randomUUID() + "/store";
  }
}
