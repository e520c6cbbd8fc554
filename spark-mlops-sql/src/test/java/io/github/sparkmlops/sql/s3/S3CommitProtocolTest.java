package io.github.sparkmlops.sql.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.MLOps;
import io.github.sparkmlops.S3Mock;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.store.CommitProtocol;
import io.github.sparkmlops.internal.store.StoreWriters;
import io.github.sparkmlops.run.FlushReport;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An S3 store records how its commits are made ({@code spark.mlops.store.writers}) and refuses an
 * application that would commit another way; where S3A cannot put conditionally, the store is
 * written as by one writer.
 */
@Timeout(300)
class S3CommitProtocolTest {

  private static final List<String> KEYS = List.of(MLOpsConfig.STORE, StoreWriters.SETTING,
      MLOpsConfig.FLUSH_MAX_BACKOFF, MLOpsConfig.DONE_TIMEOUT);

  private final SparkSession spark = S3TestStore.session();

  @AfterEach
  void unset() {
    KEYS.forEach(spark.conf()::unset);
  }

  @Test
  void aStoreRefusesAnApplicationThatWouldCommitAnotherWay() {
    String root = S3TestStore.newRoot(S3TestStore.BUCKET, "protocol");
    spark.conf().set(MLOpsConfig.STORE, root);
    MLOps conditional = MLOps.init(spark);
    assertTrue(conditional.setStat("conditional", 1).done().complete());
    assertEquals("s3-conditional-put", protocolOf(root + "/stats"));

    spark.conf().set(StoreWriters.SETTING, "single");
    spark.conf().set(MLOpsConfig.FLUSH_MAX_BACKOFF, "500ms");
    spark.conf().set(MLOpsConfig.DONE_TIMEOUT, "2s");
    FlushReport refused = MLOps.init(spark).setStat("single", 2).done();
    assertEquals(1, refused.pending(), refused.toString());
    assertTrue(refused.lastError().contains("committed to by s3-conditional-put")
        && refused.lastError().contains("spark.mlops.store.writers=conditional"), refused.toString());
    assertEquals(1, spark.read().format("mlops").load(root).count(), "nothing else was written");
  }

  @Test
  void whereS3aCannotPutConditionallyTheStoreIsWrittenAsByOneWriter() {
    // this bucket's client does not send the condition, as with Hadoop before 3.4.2
    String bucket = "mlops-unconditional";
    S3Mock.shared().bucket(bucket);
    spark.sparkContext().hadoopConfiguration()
        .set("fs.s3a.bucket." + bucket + ".create.conditional.enabled", "false");
    String root = S3TestStore.newRoot(bucket, "one writer");
    spark.conf().set(MLOpsConfig.STORE, root);
    assertTrue(MLOps.init(spark).setStat("written", 1).done().complete());
    assertEquals("s3-single-driver", protocolOf(root + "/stats"));
    assertEquals(1, spark.read().format("mlops").load(root).count());
  }

  private String protocolOf(String table) {
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + table + "`").first();
    return detail.<String, String>getJavaMap(detail.fieldIndex("properties"))
        .get(CommitProtocol.PROPERTY);
  }
}
