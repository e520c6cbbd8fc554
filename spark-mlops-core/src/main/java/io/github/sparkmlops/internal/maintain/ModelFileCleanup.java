package io.github.sparkmlops.internal.maintain;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.store.ModelTables;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.run.MaintenanceReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the orphans under {@code model_files/}: publication folders ({@code
 * model_files/<name>/<publication id>/}) that no {@code model_versions} row names, by its location
 * or its publication id, left by a publication killed between saving its files and committing its
 * version.
 *
 * <p>A folder is deleted only when nothing in it (the folder itself included) was modified within
 * the retention, so a publication under way, which commits right after writing its files, keeps
 * its folder. The folders are listed before the rows are read: a publication that commits after
 * the listing is in the rows, or its folder was young when listed. A folder a row names, a folder
 * inside one or around one is never touched, nor is any name starting with {@code _} or {@code .}.
 * When the rows cannot be read, nothing is deleted.
 */
final class ModelFileCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ModelFileCleanup.class);

  private final Engine engine;
  private final StoreLayout layout;
  private final Configuration hadoopConf;

  /** A publication folder old enough to go, with the bytes it holds. */
  private record Candidate(Path folder, String location, long bytes) {}

  ModelFileCleanup(Engine engine, StoreLayout layout, Configuration hadoopConf) {
    this.engine = engine;
    this.layout = layout;
    this.hadoopConf = hadoopConf;
  }

  /** Deletes the orphans older than {@code retentionMillis}. */
  MaintenanceReport.ModelFiles run(long retentionMillis) throws IOException {
    long cutoff = System.currentTimeMillis() - retentionMillis;
    Path files = new Path(layout.root() + "/" + StoreLayout.MODEL_FILES);
    FileSystem fs = files.getFileSystem(hadoopConf);
    List<Candidate> old = new ArrayList<>();
    for (FileStatus model : folders(fs, files)) {
      for (FileStatus publication : folders(fs, model.getPath())) {
        Contents contents = contents(fs, publication.getPath(),
            new Contents(publication.getModificationTime(), 0));
        if (contents.newest() < cutoff) {
          old.add(new Candidate(publication.getPath(), StoreLayout.MODEL_FILES + "/"
              + model.getPath().getName() + "/" + publication.getPath().getName(),
              contents.bytes()));
        }
      }
    }
    if (old.isEmpty()) {
      return new MaintenanceReport.ModelFiles(0, 0, null);
    }
    Set<String> named = new HashSet<>();
    // a folder is named by its publication id too, so a row whose location was edited by hand
    // (which the models view shows as a problem, to be mended) keeps its files
    Set<String> publications = new HashSet<>();
    try {
      TableRows.forEach(engine, layout.tablePath(StoreTable.MODEL_VERSIONS),
          List.of(ModelTables.LOCATION, StoreSchema.WRITER_ID), row -> {
            named.add(row.text(ModelTables.LOCATION));
            publications.add(row.text(StoreSchema.WRITER_ID));
          });
    } catch (RuntimeException e) {
      LOG.warn("Model files of {} left as they are: its model_versions cannot be read",
          layout.root(), e);
      return new MaintenanceReport.ModelFiles(0, 0,
          "the model_versions rows cannot be read: " + e.getMessage());
    }
    int deleted = 0;
    long bytes = 0;
    for (Candidate candidate : old) {
      if (!isNamed(candidate.location(), named)
          && !publications.contains(candidate.folder().getName())
          && fs.delete(candidate.folder(), true)) {
        deleted++;
        bytes += candidate.bytes();
        LOG.info("Deleted {}: no model version names it, and nothing in it changed within the "
            + "retention", candidate.folder());
      }
    }
    return new MaintenanceReport.ModelFiles(deleted, bytes, null);
  }

  /**
   * Whether a row names the folder (or something inside it, or with a path ending in it), or a
   * folder around it.
   */
  private static boolean isNamed(String location, Set<String> named) {
    for (String n : named) {
      if (n != null && (("/" + n + "/").contains("/" + location + "/")
          || location.startsWith(n + "/"))) {
        return true;
      }
    }
    return false;
  }

  /** The folders in a folder, but those whose names start with {@code _} or {@code .}. */
  private static List<FileStatus> folders(FileSystem fs, Path folder) throws IOException {
    List<FileStatus> visible = new ArrayList<>();
    for (FileStatus entry : list(fs, folder)) {
      String name = entry.getPath().getName();
      if (entry.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
        visible.add(entry);
      }
    }
    return visible;
  }

  /** The newest modification time and the bytes of a folder's contents, at any depth. */
  private record Contents(long newest, long bytes) {}

  /**
   * {@code found} and what is under {@code folder}; {@code listStatus} rather than a recursive
   * {@code listFiles}, which on the local filesystem asks a shell for every file's permissions.
   */
  private static Contents contents(FileSystem fs, Path folder, Contents found) throws IOException {
    Contents all = found;
    for (FileStatus entry : list(fs, folder)) {
      all = new Contents(Math.max(all.newest(), entry.getModificationTime()),
          all.bytes() + (entry.isDirectory() ? 0 : entry.getLen()));
      if (entry.isDirectory()) {
        all = contents(fs, entry.getPath(), all);
      }
    }
    return all;
  }

  private static FileStatus[] list(FileSystem fs, Path folder) throws IOException {
    try {
      return fs.listStatus(folder);
    } catch (FileNotFoundException gone) {
      return new FileStatus[0];
    }
  }
}
