package io.github.sparkmlops.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.defaults.internal.logstore.LogStoreProvider;
import io.delta.storage.AzureLogStore;
import io.delta.storage.GCSLogStore;
import io.delta.storage.S3SingleDriverLogStore;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;

/** Which log store a store's writer commits through, and the protocol its tables record. */
class CommitProtocolTest {

  @Test
  void aLocalStoreKeepsItsSettingsAndRecordsNoProtocol() {
    Configuration conf = new Configuration();
    StoreLayout local = new StoreLayout("/tmp/some store");
    assertSame(conf, CommitProtocol.configure(local, conf, StoreWriters.CONDITIONAL));
    assertEquals("single", CommitProtocol.configure(local, conf, StoreWriters.SINGLE)
        .get(StoreWriters.SETTING), "the local log store reads it");
    assertEquals(Optional.empty(),
        CommitProtocol.of(Store.engine(conf), local.tablePath(StoreTable.STATS)));
  }

  @Test
  void azureAndGoogleStoresCommitThroughDeltasOwnLogStores() {
    for (String root : new String[] {"abfss://c@account.dfs.core.windows.net/mlops",
        "gs://bucket/mlops"}) {
      StoreLayout store = new StoreLayout(root);
      Configuration conf = CommitProtocol.configure(store, new Configuration(),
          StoreWriters.CONDITIONAL);
      StoreEngine engine = (StoreEngine) Store.engine(conf);
      String scheme = root.substring(0, root.indexOf(':'));
      Class<?> expected = scheme.equals("gs") ? GCSLogStore.class : AzureLogStore.class;
      assertEquals(expected, LogStoreProvider.getLogStore(engine.hadoopConf(), scheme).getClass(),
          root);
      assertEquals(Optional.empty(), CommitProtocol.of(engine, store.tablePath(StoreTable.STATS)));
    }
  }

  @Test
  void anS3StoreCommitsByTheProtocolItsSettingChooses() {
    StoreLayout store = new StoreLayout("s3a://bucket/mlops");
    String stats = store.tablePath(StoreTable.STATS);

    Configuration single = CommitProtocol.configure(store, new Configuration(), StoreWriters.SINGLE);
    assertEquals(S3SingleDriverLogStore.class.getName(), single.get("io.delta.kernel.logStore.s3a.impl"));
    assertEquals(Optional.of("s3-single-driver"), CommitProtocol.of(Store.engine(single), stats));

    Configuration byHand = new Configuration();
    byHand.set("io.delta.kernel.logStore.s3a.impl", "com.example.MyLogStore");
    Configuration kept = CommitProtocol.configure(store, byHand, StoreWriters.CONDITIONAL);
    assertEquals("com.example.MyLogStore", kept.get("io.delta.kernel.logStore.s3a.impl"));
    assertEquals(Optional.of("log-store:com.example.MyLogStore"),
        CommitProtocol.of(Store.engine(kept), stats));
  }

  @Test
  void aFilesystemWithoutConditionalCreateIsWrittenAsByOneWriter() {
    Configuration conf = new Configuration();
    // a filesystem that answers for s3a: but offers no conditional create
    conf.set("fs.s3a.impl", NoConditionalCreate.class.getName());
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
    StoreLayout store = new StoreLayout("s3a://bucket/mlops");
    Configuration configured = CommitProtocol.configure(store, conf, StoreWriters.CONDITIONAL);
    assertEquals(S3SingleDriverLogStore.class.getName(),
        configured.get("io.delta.kernel.logStore.s3a.impl"));
  }

  @Test
  void dynamoDbWithoutDeltasLogStoreOnTheClasspathIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        CommitProtocol.configure(new StoreLayout("s3a://bucket/mlops"), new Configuration(),
            StoreWriters.DYNAMODB));
    assertTrue(e.getMessage().contains("spark.mlops.store.writers=dynamodb")
        && e.getMessage().contains("delta-storage-s3-dynamodb"), e.getMessage());
  }

  @Test
  void aTableOfAnotherProtocolIsRefusedNamingBothAndTheSetting() {
    Map<String, String> conditional = Map.of(CommitProtocol.PROPERTY, "s3-conditional-put");
    CommitProtocol.requireSame("s3a://b/mlops/stats", conditional, Optional.of("s3-conditional-put"));
    CommitProtocol.requireSame("s3a://b/mlops/stats", Map.of(), Optional.of("s3-single-driver"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        CommitProtocol.requireSame("s3a://b/mlops/stats", conditional,
            Optional.of("s3-single-driver")));
    assertTrue(e.getMessage().contains("s3-conditional-put")
        && e.getMessage().contains("s3-single-driver")
        && e.getMessage().contains("spark.mlops.store.writers=conditional"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StoreWriters.parse("many"));
    assertEquals(StoreWriters.DYNAMODB, StoreWriters.parse(" DynamoDB "));
  }

  /** A local filesystem that answers for {@code s3a://bucket}, without conditional create. */
  public static final class NoConditionalCreate extends RawLocalFileSystem {
    @Override
    public String getScheme() {
      return "s3a";
    }

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("s3a://bucket");
    }
  }
}
