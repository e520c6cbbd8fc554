package io.github.sparkmlops.sql.internal.stream;

import io.github.sparkmlops.sql.internal.plan.DataFile;
import org.apache.spark.sql.connector.read.streaming.CompositeReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxBytes;
import org.apache.spark.sql.connector.read.streaming.ReadMaxFiles;

/**
 * How many more files one micro-batch may take. As in Delta, the byte limit is soft: a batch
 * always takes its first file, and takes another while it holds fewer bytes than the limit.
 */
final class Admission {

  private long filesLeft = Long.MAX_VALUE;
  private long bytesLeft = Long.MAX_VALUE;

  private Admission() {}

  /** No limit: every file up to the end. */
  static Admission unlimited() {
    return new Admission();
  }

  /** The budget of {@code limit}; limits on rows (which files cannot tell) do not apply. */
  static Admission of(ReadLimit limit) {
    Admission admission = new Admission();
    admission.apply(limit);
    return admission;
  }

  private void apply(ReadLimit limit) {
    if (limit instanceof ReadMaxFiles files) {
      filesLeft = Math.min(filesLeft, files.maxFiles());
    } else if (limit instanceof ReadMaxBytes bytes) {
      bytesLeft = Math.min(bytesLeft, bytes.maxBytes());
    } else if (limit instanceof CompositeReadLimit composite) {
      for (ReadLimit part : composite.getReadLimits()) {
        apply(part);
      }
    }
  }

  /** Takes {@code file} into the batch if the budget allows. */
  boolean admit(DataFile file) {
    if (filesLeft <= 0 || bytesLeft <= 0) {
      return false;
    }
    filesLeft--;
    bytesLeft -= file.size();
    return true;
  }
}
