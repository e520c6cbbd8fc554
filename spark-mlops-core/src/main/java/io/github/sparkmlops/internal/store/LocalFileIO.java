package io.github.sparkmlops.internal.store;

import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.utils.CloseableIterator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;

/**
 * Kernel's Hadoop file IO, except that a new local data file ({@code file:}, not created
 * atomically: the Parquet files of a commit) is created with {@code java.nio}.
 *
 * <p>Hadoop's local filesystem, without its native library (the usual case for a Spark driver),
 * sets the permission of every file it creates by running {@code chmod} in a child process, twice
 * per file with its {@code .crc} sidecar: 20 to 40 ms a file on a busy 2-core machine, about half
 * of the flusher's native samples in a small flush's profile, against well under a millisecond
 * here. Here the file gets the process's default permission (as Hadoop's would under
 * the default umask) and no checksum sidecar, as the log's files already have none ({@link
 * LocalAtomicLogStore}); Hadoop readers check a sidecar only where there is one. Everything else
 * (reading, listing, the log's atomic writes, other filesystems) is Kernel's.
 */
final class LocalFileIO extends HadoopFileIO {

  LocalFileIO(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    OutputFile hadoop = super.newOutputFile(path);
    URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    if (!"file".equals(uri.getScheme())) {
      return hadoop;
    }
    return new OutputFile() {
      @Override
      public String path() {
        return hadoop.path();
      }

      @Override
      public PositionOutputStream create(boolean putIfAbsent) throws IOException {
        if (putIfAbsent) {
          return hadoop.create(true); // atomically, through Kernel's log store
        }
        Path file = Paths.get(uri);
        Files.createDirectories(file.getParent());
        return new Counting(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024));
      }

      @Override
      public void writeAtomically(CloseableIterator<String> data, boolean overwrite)
          throws IOException {
        hadoop.writeAtomically(data, overwrite);
      }
    };
  }

  /** The stream Kernel's Parquet writer needs: it asks where it is. */
  private static final class Counting extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
