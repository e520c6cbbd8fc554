package io.github.sparkmlops.internal.store;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.Paths;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, before anything is acknowledged, a store root that can never be written: one whose
 * scheme no filesystem serves, that is (or lies under) a regular file, or a local path this JVM
 * cannot name, or a local folder where several writers cannot publish commits safely (see {@link
 * LogPublishing}). A store that is only unreachable for now (network, permissions, a full disk) is
 * accepted: the flusher keeps its records and retries.
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
    requireNameable(layout, hadoopConf, setting);
    Path root;
    FileSystem fs;
    try {
      root = new Path(layout.root());
      fs = root.getFileSystem(hadoopConf);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " = " + layout.root()
          + " cannot hold the MLOps store: " + e.getMessage(), e);
    }
    Optional<Existing> existing;
    try {
      existing = nearestExisting(fs, root);
    } catch (IOException e) {
      LOG.warn("Cannot check the store root {} now ({}); its records are kept and retried",
          layout.root(), e.toString());
      return;
    }
    if (existing.isEmpty()) {
      return;
    }
    Path p = existing.get().path();
    if (!existing.get().directory()) {
      throw new IllegalArgumentException(setting + " = " + layout.root()
          + " cannot hold the MLOps store: " + p + " is a file, not a directory");
    }
    requirePublishable(layout, fs, p, hadoopConf, setting);
  }

  /** A path that exists, and whether it is a directory. */
  record Existing(Path path, boolean directory) {}

  /**
   * {@code path} or the nearest of its ancestors that exists (a root not made yet is made by the
   * writer, so its nearest existing ancestor decides what it can be); empty if none exists.
   */
  static Optional<Existing> nearestExisting(FileSystem fs, Path path) throws IOException {
    for (Path p = path; p != null; p = p.getParent()) {
      try {
        return Optional.of(new Existing(p, fs.getFileStatus(p).isDirectory()));
      } catch (FileNotFoundException missing) {
        // not made yet: its parent decides
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses a local store on a filesystem where several writers cannot publish commits safely,
   * unless the configuration chooses a single writer (see {@link LogPublishing}), probing the
   * root, or the folder it will be made in.
   */
  private static void requirePublishable(StoreLayout layout, FileSystem fs, Path folder,
      Configuration hadoopConf, String setting) {
    String logStore = hadoopConf.get(LocalAtomicLogStore.KERNEL_KEY);
    if (!"file".equals(fs.getScheme())
        || (logStore != null && !logStore.equals(LocalAtomicLogStore.class.getName()))) {
      return;
    }
    try {
      LogPublishing.protocol(Paths.get(fs.makeQualified(folder).toUri()), hadoopConf);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " = " + layout.root()
          + " cannot hold the MLOps store: " + e.getMessage(), e);
    } catch (IOException e) {
      LOG.warn("Cannot check now how {} publishes commits ({}); its writers check at their first "
          + "commit", layout.root(), e.toString());
    }
  }

  /**
   * Checks that this JVM can name {@code layout}'s root, if it is on the local filesystem. Java
   * turns a local path into bytes with the encoding {@code sun.jnu.encoding}, which it takes from
   * the locale when it starts ({@code LANG}, {@code LC_ALL}): with no locale set it is ASCII, and
   * a path with other characters then fails inside a write ({@code InvalidPathException}) or,
   * through {@code java.io.File}, silently names another file ({@code ?} in place of each such
   * character). Other filesystems take paths as UTF-8 URIs whatever the locale.
   *
   * @param setting the configuration key or option the root came from, named in the message
   * @throws IllegalArgumentException if the root is local and holds a character the encoding lacks
   */
  public static void requireNameable(StoreLayout layout, Configuration hadoopConf, String setting) {
    String encoding = System.getProperty("sun.jnu.encoding");
    if (encoding == null || File.separatorChar == '\\') {
      return; // Windows names files in UTF-16 whatever its code page
    }
    CharsetEncoder encoder;
    try {
      encoder = Charset.forName(encoding).newEncoder();
    } catch (IllegalArgumentException unknown) {
      return;
    }
    String root = layout.root();
    if (encoder.canEncode(root) || !isLocal(root, hadoopConf)) {
      return;
    }
    String missing = root.codePoints().mapToObj(Character::toString)
        .filter(c -> !encoder.canEncode(c)).findFirst().orElse(root);
    throw new IllegalArgumentException(setting + " = " + root + " cannot be used: this JVM "
        + "encodes local file names in " + encoding + " (its sun.jnu.encoding, taken from the "
        + "locale when it started: LANG and LC_ALL are unset or not UTF-8), which has no '"
        + missing + "'. Start the JVM (for spark-submit, the driver; on a cluster, also the "
        + "executors, with spark.executorEnv.LC_ALL) with a UTF-8 locale in its environment, such "
        + "as LC_ALL=C.UTF-8 or LANG=C.UTF-8; -Dsun.jnu.encoding and -Dfile.encoding do not change "
        + "it. Or choose a store path without such characters.");
  }

  private static boolean isLocal(String root, Configuration hadoopConf) {
    try {
      return "file".equals(new Path(root).getFileSystem(hadoopConf).getScheme());
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      return false; // not a filesystem this JVM names files on; requireUsable says why if it matters
    }
  }
}
