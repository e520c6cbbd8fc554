package io.github.sparkmlops.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A real MLlib-writable model whose {@code load} fails the next {@link #failures} times, as a load
 * through throttled or briefly unreachable storage does after the files were verified.
 */
public final class FlakyModel implements MLWritable {

  /** How many of the next loads fail. */
  public static final AtomicInteger failures = new AtomicInteger();

  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        Path file = new Path(path, "model.txt");
        try (FSDataOutputStream out = file.getFileSystem(
            sparkSession().sparkContext().hadoopConfiguration()).create(file)) {
          out.write("flaky".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  /** MLlib's reader entry point, which {@code MLOps.loadModel} calls. */
  public static FlakyModel load(String path) throws IOException {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("Slow down: the storage throttles reads of " + path);
    }
    return new FlakyModel();
  }
}
