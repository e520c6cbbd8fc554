package io.github.sparkmlops.internal.store;

import io.delta.kernel.defaults.engine.DefaultEngine;
import org.apache.hadoop.conf.Configuration;

/**
 * Kernel's default engine, keeping the Hadoop settings it was made with: where Kernel finds no
 * table, {@link MissingTable} looks at what is there through the same filesystems and
 * credentials, and Kernel's own filesystem client cannot tell a folder from a file. Local data
 * files are created through {@link LocalFileIO}.
 */
final class StoreEngine extends DefaultEngine {

  private final Configuration hadoopConf;

  StoreEngine(Configuration hadoopConf) {
    super(new LocalFileIO(hadoopConf));
    this.hadoopConf = hadoopConf;
  }

  Configuration hadoopConf() {
    return hadoopConf;
  }
}
