package io.github.sparkmlops.internal.parquet;

import io.delta.kernel.defaults.engine.fileio.OutputFile;
import java.io.IOException;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Kernel output file as parquet-mr's: the file is created through Kernel's file IO, so that a
 * checkpoint is put only if absent through the store's log store, and local data files are
 * created as the store's file IO creates them.
 */
final class KernelOutputFile implements org.apache.parquet.io.OutputFile {

  private final OutputFile file;
  private final boolean putIfAbsent;

  KernelOutputFile(OutputFile file, boolean putIfAbsent) {
    this.file = file;
    this.putIfAbsent = putIfAbsent;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    io.delta.kernel.defaults.engine.fileio.PositionOutputStream out = file.create(putIfAbsent);
    return new DelegatingPositionOutputStream(out) {
      @Override
      public long getPos() throws IOException {
        return out.getPos();
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    throw new UnsupportedOperationException("the store's Parquet files are never overwritten");
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return file.path();
  }
}
