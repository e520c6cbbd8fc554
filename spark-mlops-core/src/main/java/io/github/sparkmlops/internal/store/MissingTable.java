package io.github.sparkmlops.internal.store;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What it means that Kernel finds no Delta table at a store table's path. Kernel says so for a
 * store not written yet, which reads as empty, but also for a folder of other files and for a
 * path under a regular file, which would then read as an empty table and hide the mistake. Every
 * reader of the store (the data source, the views, the registry) decides here, so they agree.
 */
public final class MissingTable {

  private static final String LOG_FOLDER = "_delta_log";

  private MissingTable() {}

  /**
   * Returns when nothing is at {@code tablePath} yet: the store root or the table folder does not
   * exist, or is empty, or holds a {@code _delta_log} folder: a table being created, or created by
   * another writer since Kernel looked (a publisher racing the first write of a table sees this).
   *
   * @param tablePath a table's path under its store root ({@code <root>/<table>})
   * @param cause Kernel's finding, kept as the cause
   * @throws IllegalArgumentException naming the path, if the root or the table path is a regular
   *     file, or the table folder holds other files but no {@code _delta_log} folder
   */
  public static void requireNotYetCreated(Configuration hadoopConf, String tablePath,
      TableNotFoundException cause) {
    String root = tablePath.substring(0, tablePath.lastIndexOf('/'));
    String table = tablePath.substring(tablePath.lastIndexOf('/') + 1);
    try {
      Path tableDir = new Path(tablePath);
      FileSystem fs = tableDir.getFileSystem(hadoopConf);
      Optional<StoreCheck.Existing> existing = StoreCheck.nearestExisting(fs, new Path(root));
      if (existing.isPresent() && !existing.get().directory()) {
        Path file = existing.get().path();
        throw new IllegalArgumentException("The MLOps store root " + root + (file.equals(
            new Path(root)) ? " is a file" : " lies under the file " + file)
            + "; it must be a directory (or not exist yet)", cause);
      }
      FileStatus status = fs.getFileStatus(tableDir);
      if (!status.isDirectory()) {
        throw new IllegalArgumentException(tablePath + " is a file, not the Delta table '" + table
            + "' of the MLOps store " + root, cause);
      }
      FileStatus[] entries = fs.listStatus(tableDir);
      Optional<FileStatus> log = Arrays.stream(entries)
          .filter(e -> e.getPath().getName().equals(LOG_FOLDER)).findFirst();
      if (log.isPresent() && !log.get().isDirectory()) {
        throw notATable(tablePath, root, "its " + LOG_FOLDER + " is a file", cause);
      }
      if (log.isEmpty() && entries.length > 0) {
        throw notATable(tablePath, root, "it has no " + LOG_FOLDER + " but holds "
            + entries[0].getPath().getName(), cause);
      }
      // A _delta_log folder is a table being created, or one created since Kernel looked, which
      // then rightly read as not there yet; nothing else in the folder is someone else's data.
    } catch (FileNotFoundException notThere) {
      // the table folder does not exist (or went while we looked): nothing written yet
    } catch (IOException e) {
      throw new UncheckedIOException("Checking " + tablePath + " failed", e);
    }
  }

  private static IllegalArgumentException notATable(String tablePath, String root, String why,
      TableNotFoundException cause) {
    String table = tablePath.substring(tablePath.lastIndexOf('/') + 1);
    return new IllegalArgumentException(tablePath + " is not a Delta table (" + why
        + "), so it is not the table '" + table + "' of an MLOps store; check the store root "
        + root, cause);
  }

  /** As {@link #requireNotYetCreated(Configuration, String, TableNotFoundException)}, with the engine's settings. */
  static void requireNotYetCreated(Engine engine, String tablePath, TableNotFoundException cause) {
    if (!(engine instanceof StoreEngine store)) {
      throw new IllegalStateException("Store tables are read with an engine from Store.engine, "
          + "which can look at what is there when Kernel finds no table", cause);
    }
    requireNotYetCreated(store.hadoopConf(), tablePath, cause);
  }
}
