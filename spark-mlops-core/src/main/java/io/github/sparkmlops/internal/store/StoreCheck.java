package io.github.sparkmlops.internal.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, before anything is acknowledged, a store root that can never be written: one whose
 * scheme no filesystem serves, or that is (or lies under) a regular file. A store that is only
 * unreachable for now (network, permissions, a full disk) is accepted: the flusher keeps its
 * records and retries.
 */
public final class StoreCheck {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCheck.class);

  private StoreCheck() {}

  /**
   * Checks {@code layout}'s root.
   *
   * @param setting the configuration key the root came from, named in the message
   * @throws IllegalArgumentException if the root can never hold the store
   */
  public static void requireUsable(StoreLayout layout, Configuration hadoopConf, String setting) {
    Path root;
    FileSystem fs;
    try {
      root = new Path(layout.root());
      fs = root.getFileSystem(hadoopConf);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " = " + layout.root()
          + " cannot hold the MLOps store: " + e.getMessage(), e);
    }
    for (Path p = root; p != null; p = p.getParent()) {
      try {
        FileStatus status = fs.getFileStatus(p);
        if (!status.isDirectory()) {
          throw new IllegalArgumentException(setting + " = " + layout.root()
              + " cannot hold the MLOps store: " + p + " is a file, not a directory");
        }
        return;
      } catch (FileNotFoundException missing) {
        // not made yet: the writer creates it; its parent decides
      } catch (IOException e) {
        LOG.warn("Cannot check the store root {} now ({}); its records are kept and retried",
            layout.root(), e.toString());
        return;
      }
    }
  }
}
