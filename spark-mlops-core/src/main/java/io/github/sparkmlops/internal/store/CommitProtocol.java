package io.github.sparkmlops.internal.store;

import io.delta.kernel.engine.Engine;
import io.delta.storage.LogStore;
import io.delta.storage.S3SingleDriverLogStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a store's commit files are created, and so how many writers its tables are safe for. Where a
 * filesystem offers one way (a local disk, HDFS, ABFS, GCS), Kernel's or our log store for its
 * scheme is used and nothing is recorded. S3 offers several ({@link StoreWriters}): a conditional
 * PUT, one driver, or a DynamoDB table. Two of them on one table lose commits, since each makes
 * only its own writers wait for each other, so the table records the one that created it in the
 * property {@value #PROPERTY}, and a writer using another is refused.
 */
public final class CommitProtocol {

  /** The table property that names the commit protocol of an S3 table. */
  public static final String PROPERTY = "spark-mlops.commitProtocol";

  private static final Logger LOG = LoggerFactory.getLogger(CommitProtocol.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private static final String CONDITIONAL = "s3-conditional-put";
  private static final String SINGLE = "s3-single-driver";
  private static final String DYNAMODB = "s3-dynamodb";
  private static final Map<String, StoreWriters> SETTING_OF =
      Map.of(CONDITIONAL, StoreWriters.CONDITIONAL, SINGLE, StoreWriters.SINGLE,
          DYNAMODB, StoreWriters.DYNAMODB);

  private CommitProtocol() {}

  /** The Hadoop key under which Kernel looks up the log store of {@code scheme}. */
  static String kernelKey(String scheme) {
    return "io.delta.kernel.logStore." + scheme + ".impl";
  }

  /** Whether commits to paths of {@code scheme} can follow more than one protocol. */
  static boolean isS3(String scheme) {
    return scheme != null && ConditionalPutLogStore.KERNEL_KEYS.contains(kernelKey(scheme));
  }

  /**
   * The Hadoop settings with which a run writes {@code store}: for an S3 root, the log store that
   * {@code writers} asks for. A conditional PUT needs S3A's conditional create (Hadoop 3.4.2 and
   * later, not switched off by {@code fs.s3a.create.conditional.enabled=false}); where the
   * filesystem does not offer it, the store is written as by one writer, and a warning says so
   * once, naming the Hadoop version and what to set. A log store set by hand for the scheme is
   * kept. {@code single} also lets a local folder that offers no safe way for several writers to
   * publish a commit be written (see {@link LogPublishing}).
   *
   * @return {@code hadoopConf} itself where nothing changes, else a copy
   * @throws IllegalArgumentException if {@code writers} is {@code dynamodb} and Delta's {@code
   *     S3DynamoDBLogStore} is not on the classpath
   */
  public static Configuration configure(StoreLayout store, Configuration hadoopConf,
      StoreWriters writers) {
    Path root = new Path(store.root());
    String scheme = scheme(root, hadoopConf);
    boolean s3 = isS3(scheme);
    if (!s3 && writers != StoreWriters.SINGLE) {
      return hadoopConf;
    }
    Configuration conf = new Configuration(hadoopConf);
    conf.set(StoreWriters.SETTING, writers.value());
    if (!s3) {
      return conf;
    }
    String key = kernelKey(scheme);
    if (hadoopConf.get(key) != null) {
      LOG.info("The store {} commits through {}, set by {}", store.root(), hadoopConf.get(key), key);
      return conf;
    }
    switch (writers) {
      case SINGLE -> conf.set(key, S3SingleDriverLogStore.class.getName());
      case DYNAMODB -> conf.set(key, dynamoDbLogStore());
      case CONDITIONAL -> {
        Optional<String> missing = conditionalCreateMissing(root, conf);
        if (missing.isPresent()) {
          conf.set(key, S3SingleDriverLogStore.class.getName());
          if (WARNED.add(store.root())) {
            LOG.warn("The store {} is written as by ONE writer only: {}. Two applications "
                + "writing it at once can lose each other's commits. For many writers use S3A "
                + "from Hadoop 3.4.2 on (Spark 4.1 and later ship it; this is Hadoop {}) with "
                + "fs.s3a.create.conditional.enabled=true, its default, or set {}=dynamodb; set "
                + "{}=single to say that one writer is meant.",
                store.root(), missing.get(), VersionInfo.getVersion(), StoreWriters.SETTING,
                StoreWriters.SETTING);
          }
        } else {
          conf.set(key, ConditionalPutLogStore.class.getName());
        }
      }
      default -> throw new IllegalStateException("Unknown " + writers);
    }
    return conf;
  }

  /**
   * The protocol by which {@code engine} commits to the table at {@code tablePath}, where its
   * filesystem offers several (S3), else empty.
   */
  static Optional<String> of(Engine engine, String tablePath) {
    if (!(engine instanceof StoreEngine store)) {
      return Optional.empty();
    }
    Configuration conf = store.hadoopConf();
    String scheme = scheme(new Path(tablePath), conf);
    if (!isS3(scheme)) {
      return Optional.empty();
    }
    String logStore = conf.get(kernelKey(scheme), S3SingleDriverLogStore.class.getName());
    if (logStore.equals(ConditionalPutLogStore.class.getName())) {
      return Optional.of(CONDITIONAL);
    }
    if (logStore.equals(S3SingleDriverLogStore.class.getName())) {
      return Optional.of(SINGLE);
    }
    if (logStore.endsWith(".S3DynamoDBLogStore")) {
      return Optional.of(DYNAMODB);
    }
    return Optional.of("log-store:" + logStore);
  }

  /**
   * Checks that a table records no commit protocol other than {@code ours}. A table without the
   * property (created before it existed, or off S3) takes any.
   *
   * @throws IllegalStateException naming both protocols and the setting that chooses them
   */
  static void requireSame(String path, Map<String, String> tableProperties, Optional<String> ours) {
    String recorded = tableProperties.get(PROPERTY);
    if (recorded == null || ours.isEmpty() || recorded.equals(ours.get())) {
      return;
    }
    StoreWriters setting = SETTING_OF.get(recorded);
    throw new IllegalStateException("The table at " + path + " is committed to by " + recorded
        + " (its property " + PROPERTY + "), but this application would commit by " + ours.get()
        + ", and two protocols on one table lose commits; nothing was written. "
        + (setting == null ? "Use the log store the table's other writers use."
            : "Set " + StoreWriters.SETTING + "=" + setting.value()
                + " as the table's other writers do."));
  }

  /** Why the filesystem of {@code root} cannot create a file conditionally, or empty if it can. */
  private static Optional<String> conditionalCreateMissing(Path root, Configuration conf) {
    try {
      return ConditionalPutLogStore.available(root, conf) ? Optional.empty()
          : Optional.of(root.getFileSystem(conf).getClass().getSimpleName()
              + " offers no conditional create (" + ConditionalPutLogStore.CONDITIONAL_CREATE + ")");
    } catch (IOException | RuntimeException e) {
      return Optional.of("its filesystem cannot say whether it offers a conditional create ("
          + e + ")");
    }
  }

  private static String dynamoDbLogStore() {
    // named through Kernel's own LogStore, so that it is found where the assembly relocates it
    String name = LogStore.class.getPackageName() + ".S3DynamoDBLogStore";
    try {
      Class.forName(name, false, CommitProtocol.class.getClassLoader());
      return name;
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(StoreWriters.SETTING + "=dynamodb needs Delta's "
          + name + " on the driver's classpath: add io.delta:delta-storage-s3-dynamodb (at the "
          + "Delta version of delta-kernel) with the thin spark-mlops artifacts; the assembly jar "
          + "relocates Delta's storage classes and cannot use it", e);
    }
  }

  private static String scheme(Path path, Configuration conf) {
    String scheme = path.toUri().getScheme();
    return scheme != null ? scheme : FileSystem.getDefaultUri(conf).getScheme();
  }
}
