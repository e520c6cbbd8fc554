package io.github.sparkmlops.internal.store;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.ParquetHandler;
import io.github.sparkmlops.internal.parquet.StoreParquetHandler;
import org.apache.hadoop.conf.Configuration;

/**
 * Kernel's default engine, keeping the Hadoop settings it was made with: where Kernel finds no
 * table, {@link MissingTable} looks at what is there through the same filesystems and
 * credentials, and Kernel's own filesystem client cannot tell a folder from a file. Local data
 * files are created through {@link LocalFileIO}, and Parquet files are written with these settings
 * ({@link StoreParquetHandler}).
 */
final class StoreEngine extends DefaultEngine {

  private final Configuration hadoopConf;
  private final ParquetHandler parquet;

  StoreEngine(Configuration hadoopConf) {
    this(new LocalFileIO(hadoopConf), hadoopConf);
  }

  private StoreEngine(LocalFileIO fileIO, Configuration hadoopConf) {
    super(fileIO);
    this.hadoopConf = hadoopConf;
    this.parquet = new StoreParquetHandler(fileIO, hadoopConf);
  }

  @Override
  public ParquetHandler getParquetHandler() {
    return parquet;
  }

  Configuration hadoopConf() {
    return hadoopConf;
  }
}
