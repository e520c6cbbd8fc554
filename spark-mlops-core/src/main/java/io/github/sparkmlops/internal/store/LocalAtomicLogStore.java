package io.github.sparkmlops.internal.store;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The Delta log store for {@code file:} paths, safe for writers in several JVMs at once.
 *
 * <p>Kernel's default for local paths checks that the next commit file does not exist and then
 * renames a temporary file onto it: two writers can both pass the check, and since a POSIX rename
 * replaces its target, the second silently overwrites the first's commit (and Hadoop's checksum
 * sidecar no longer matches). Here a new file is published with {@code link(2)}, which fails if the
 * name exists, so exactly one writer wins a version and the other gets the
 * {@link java.nio.file.FileAlreadyExistsException} Delta expects and retries. Files that are meant
 * to be replaced ({@code _last_checkpoint}) are published with an atomic rename. No Hadoop checksum
 * sidecar is written, and one another writer left (delta-spark writes through Hadoop's checksummed
 * filesystem) is removed before its file is replaced, so none can disagree with its file.
 *
 * <p>Where hard links do not work (FUSE mounts such as {@code /Volumes} and {@code /dbfs}, FAT,
 * some SMB shares), a new file is published by claiming its name with an atomic folder rename
 * ({@link VersionClaim}, with its rule for claims of killed writers and its limits), and where that
 * does not work either, the store is refused unless the Hadoop configuration sets {@value
 * StoreWriters#SETTING}{@code =single}. Each log folder is probed once per JVM, and the
 * protocol chosen is logged once per mount: see {@link LogPublishing}. In every case the new file
 * is written in full under a hidden temporary name first, so readers never see part of a commit.
 *
 * <p>A file is never written into a log folder that does not exist, as Delta's own log stores
 * refuse: it would start a log that holds only that commit.
 *
 * <p>Partial writes are visible on a local disk, as for any Hadoop filesystem store, and this store
 * says so: Kernel then writes checkpoints to a temporary file and renames it, so a writer killed
 * mid-checkpoint leaves no truncated checkpoint under its final name.
 *
 * <p>Listing reads the directory's names and looks up only the entries at or after the start:
 * Kernel lists the log on every snapshot, from the last checkpoint on, and Hadoop's local listing
 * asks the filesystem about every entry of the folder, which after a month of flushes holds
 * tens of thousands of commits. Reading even the names of 40,000 entries takes about 45 ms, so a
 * log folder that has been quiet for a while is not read again while its modification time stays
 * the same: see {@link QuietFolders}.
 */
public final class LocalAtomicLogStore extends HadoopFileSystemLogStore {

  /** The Hadoop key under which Kernel looks up the log store for {@code file:} paths. */
  static final String KERNEL_KEY = "io.delta.kernel.logStore.file.impl";

  public LocalAtomicLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    java.nio.file.Path target = Paths.get(path.toUri());
    java.nio.file.Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      // as Delta's log stores: Kernel makes the log folder for a table's first commit, so a
      // missing one is a table gone since it was read, which a lone later commit must not revive
      throw new FileNotFoundException("No such file or directory: " + dir);
    }
    java.nio.file.Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        while (actions.hasNext()) {
          out.write(actions.next());
          out.write('\n');
        }
      }
      if (overwrite) {
        // a stale sidecar would make Hadoop readers of the new file fail its checksum
        Files.deleteIfExists(dir.resolve("." + target.getFileName() + ".crc"));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        switch (LogPublishing.protocol(dir, conf)) {
          case HARD_LINK -> Files.createLink(target, temp);
          case CLAIM -> VersionClaim.publish(temp, target);
          // no REPLACE_EXISTING: fails if the name exists, else renames (a check, then a rename)
          case SINGLE_WRITER -> Files.move(temp, target);
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The entries of {@code path}'s folder whose names sort at or after {@code path}'s name, in name
   * order, as Delta's log stores list; hidden names (temporary files, Hadoop checksums) excepted.
   */
  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration hadoopConf) throws IOException {
    Path parent = path.getParent();
    java.nio.file.Path dir = Paths.get(path.getFileSystem(hadoopConf).makeQualified(parent).toUri());
    List<String> names;
    try {
      names = QuietFolders.namesFrom(dir, path.getName());
    } catch (NoSuchFileException e) {
      // No folder when it was read is no table yet, even if another writer creates it the moment
      // after: asking again (below) would then find the folder and fail the read instead.
      throw new FileNotFoundException("No such file or directory: " + parent);
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) {
        // as Delta's log stores say: no folder (or a file in the way) is no table
        throw new FileNotFoundException("No such file or directory: " + parent);
      }
      throw e;
    }
    List<FileStatus> statuses = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        BasicFileAttributes a = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
        statuses.add(new FileStatus(a.size(), a.isDirectory(), 1, 0,
            a.lastModifiedTime().toMillis(), new Path(parent, name)));
      } catch (NoSuchFileException deleted) {
        // removed since it was listed (log clean-up): it is not there
      }
    }
    return statuses.iterator();
  }

  /**
   * True, as for every Hadoop filesystem log store: Kernel asks this before writing a checkpoint,
   * and only writes it to a temporary file first when partial writes are visible.
   */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return true;
  }
}
