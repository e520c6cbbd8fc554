package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.internal.store.ModelVersionRecord.FileEntry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * A model version's files: listed with their sizes and SHA-256 (the manifest), checksummed as a
 * whole, and verified before a load. Works on any Hadoop filesystem.
 */
final class ModelFiles {

  private static final HexFormat HEX = HexFormat.of();
  /** What Hadoop's glob patterns give a meaning to, the escape character included. */
  private static final String GLOB_CHARACTERS = "\\[]{}*?";

  private ModelFiles() {}

  /** What a version's folder holds: every file, and the checksum over them. */
  record Manifest(List<FileEntry> files, String checksum) {
    long size() {
      return files.stream().mapToLong(FileEntry::size).sum();
    }
  }

  /**
   * Lists and hashes every file under {@code folder}, in path order, leaving out the {@code
   * .NAME.crc} files Hadoop's local filesystem keeps beside each file (they are not copied to other
   * filesystems, and Hadoop checks them itself on every read).
   *
   * @throws UncheckedIOException if a file cannot be read, a {@link ChecksumException} among them
   */
  static Manifest manifest(Path folder, Configuration conf) {
    try {
      FileSystem fs = folder.getFileSystem(conf);
      Path root = fs.getFileStatus(folder).getPath();
      String prefix = root.toUri().getPath();
      Map<String, FileStatus> byPath = new TreeMap<>();
      collect(fs, root, prefix, byPath);
      List<FileEntry> files = new ArrayList<>(byPath.size());
      for (Map.Entry<String, FileStatus> e : byPath.entrySet()) {
        try {
          files.add(new FileEntry(e.getKey(), e.getValue().getLen(),
              sha256(fs, e.getValue().getPath())));
        } catch (ChecksumException changed) {
          // Hadoop's own .crc check saw a changed byte before we did
          throw new ChecksumException("file '" + e.getKey() + "' changed (" + changed.getMessage()
              + ")", changed.getPos());
        }
      }
      return new Manifest(files, checksum(files));
    } catch (IOException e) {
      throw new UncheckedIOException("Listing the model files under " + folder + " failed", e);
    }
  }

  /** Copies a file or folder (of any Hadoop filesystem) to {@code folder}. */
  static void copy(Path source, Path folder, Configuration conf) {
    try {
      FileSystem from = source.getFileSystem(conf);
      FileSystem to = folder.getFileSystem(conf);
      if (!from.exists(source)) {
        throw new IllegalArgumentException("source " + source + " does not exist");
      }
      Path target = from.getFileStatus(source).isDirectory() ? folder : new Path(folder, source.getName());
      if (!FileUtil.copy(from, source, to, target, false, true, conf)) {
        throw new IOException("copying " + source + " to " + target + " returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Copying " + source + " into the store failed", e);
    }
  }

  /**
   * {@code path} as a Hadoop glob pattern that matches only itself: every glob character ({@code
   * [ ] { } * ?}) and the escape character {@code \} preceded by {@code \}, for readers that
   * glob their path (Hadoop's {@code FileInputFormat}, Spark's file sources, so MLlib's {@code
   * load}). A store root {@code /data/models [v2]} would otherwise name no file.
   */
  static String literalPattern(String path) {
    StringBuilder out = new StringBuilder(path.length() + 8);
    for (char c : path.toCharArray()) {
      if (GLOB_CHARACTERS.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Checks the files under {@code folder} against the stored manifest.
   *
   * @param what names the version in the error
   * @throws IllegalStateException naming the first file missing, added or changed, or a checksum
   *     that does not match its files
   */
  static void verify(Path folder, List<FileEntry> stored, String checksum, Configuration conf,
      String what) {
    if (!checksum(stored).equals(checksum)) {
      throw refused(what, "its file list does not match its checksum " + checksum);
    }
    Manifest now;
    try {
      now = manifest(folder, conf);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof ChecksumException changed) {
        throw refused(what, changed.getMessage());
      }
      if (e.getCause() instanceof FileNotFoundException) {
        throw refused(what, "its folder " + folder + " is missing");
      }
      throw new UncheckedIOException("Reading the files of " + what + " at " + folder
          + " failed; nothing was loaded", e.getCause());
    }
    Map<String, FileEntry> found = new TreeMap<>();
    now.files().forEach(f -> found.put(f.path(), f));
    for (FileEntry expected : stored) {
      FileEntry actual = found.remove(expected.path());
      if (actual == null) {
        throw refused(what, "file '" + expected.path() + "' is missing");
      }
      if (!actual.equals(expected)) {
        throw refused(what, "file '" + expected.path() + "' changed (size " + actual.size()
            + ", SHA-256 " + actual.sha256() + "; published: size " + expected.size()
            + ", SHA-256 " + expected.sha256() + ")");
      }
    }
    if (!found.isEmpty()) {
      throw refused(what, "file '" + found.keySet().iterator().next() + "' was added");
    }
  }

  private static IllegalStateException refused(String what, String why) {
    return new IllegalStateException(what + " failed its checksum: " + why
        + "; refusing to use it. Publish the model again.");
  }

  private static String checksum(List<FileEntry> files) {
    MessageDigest digest = sha256();
    for (FileEntry f : files) {
      digest.update((f.path() + '\t' + f.size() + '\t' + f.sha256() + '\n')
          .getBytes(StandardCharsets.UTF_8));
    }
    return HEX.formatHex(digest.digest());
  }

  /**
   * Puts every file under {@code dir} in {@code into}, by its path below {@code prefix}. Listed
   * folder by folder with plain statuses: {@code listFiles} makes {@link
   * org.apache.hadoop.fs.LocatedFileStatus}es, which ask each file's permission, and Hadoop's local
   * filesystem without its native library runs a child process for that (about 8 ms a file: most
   * of what publishing a 12-file model added to MLlib's save).
   */
  private static void collect(FileSystem fs, Path dir, String prefix, Map<String, FileStatus> into)
      throws IOException {
    for (FileStatus status : fs.listStatus(dir)) {
      String fileName = status.getPath().getName();
      if (status.isDirectory()) {
        collect(fs, status.getPath(), prefix, into);
      } else if (!(fileName.startsWith(".") && fileName.endsWith(".crc"))) {
        into.put(status.getPath().toUri().getPath().substring(prefix.length() + 1), status);
      }
    }
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HEX.formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }
}
