package io.github.sparkmlops.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a local folder publishes a new file so that exactly one of several writers wins its name,
 * found out once per folder by trying it there, and said once per mount in the log.
 *
 * <ul>
 *   <li>{@link Protocol#HARD_LINK}: {@code link(2)} fails if the name exists. Used wherever it
 *       works (local disks, NFS).
 *   <li>{@link Protocol#CLAIM}: where hard links fail (FUSE mounts, FAT, some SMB shares), a {@link
 *       VersionClaim} made with atomic folder renames, if those work there.
 *   <li>{@link Protocol#SINGLE_WRITER}: where neither works, only if the Hadoop configuration says
 *       {@value StoreWriters#SETTING}{@code =single}: check that the name is free, then rename. Otherwise
 *       such a folder is refused with an {@link IllegalArgumentException} naming the folder, its
 *       mount and that setting.
 * </ul>
 *
 * <p>The probe writes and removes a few hidden names in the folder (a file, a hard link to it,
 * three folders: a few milliseconds on a local disk). A probe that cannot write at all (no
 * permission, a full disk) decides nothing: its error is thrown, and the next write tries again.
 * A link that fails although a file could be created beside it is taken as "no hard links",
 * whatever the error (Java reports {@code EPERM}, {@code ENOTSUP} and {@code ENOSYS} alike, in
 * the locale's words).
 *
 * <p>All writers of one store must reach it through filesystems that agree: a writer publishing
 * with a claim does not stop one publishing with a link, so the same store shared through a mount
 * with hard links and another without is not safe.
 */
final class LogPublishing {

  /** How new files are published in a folder. */
  enum Protocol {
    HARD_LINK,
    CLAIM,
    SINGLE_WRITER
  }

  private static final Logger LOG = LoggerFactory.getLogger(LogPublishing.class);

  /** What a folder offers: no link failure means hard links work. */
  private record Probed(
      Optional<String> linkFailure, Optional<String> claimsUnsafe, String mount) {}

  private static final Map<Path, Probed> PROBED = new ConcurrentHashMap<>();
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private LogPublishing() {}

  /**
   * How new files are published in {@code folder}, probing it on first use.
   *
   * @throws IllegalArgumentException if the folder offers no safe protocol and {@code conf} does
   *     not choose a single writer
   * @throws IOException if the probe could not write in the folder
   */
  static Protocol protocol(Path folder, Configuration conf) throws IOException {
    Path key = folder.toAbsolutePath().normalize();
    Probed probed = PROBED.get(key);
    if (probed == null) {
      probed = probe(key);
      PROBED.putIfAbsent(key, probed);
    }
    Protocol protocol;
    if (probed.linkFailure().isEmpty()) {
      protocol = Protocol.HARD_LINK;
    } else if (probed.claimsUnsafe().isEmpty()) {
      protocol = Protocol.CLAIM;
    } else if (writers(conf) == StoreWriters.SINGLE) {
      protocol = Protocol.SINGLE_WRITER;
    } else {
      throw new IllegalArgumentException("The store folder " + key + " (on " + probed.mount()
          + ") offers no way for one of several writers to publish a commit safely: hard links "
          + "fail (" + probed.linkFailure().get() + "), and so do exclusive folder renames ("
          + probed.claimsUnsafe().get() + "). Set " + StoreWriters.SETTING + "=single if only one "
          + "application writes this store at a time, or keep the store on a filesystem that "
          + "offers either, or write to the object store's own URI (s3a://, abfss://, gs://)");
    }
    if (LOGGED.add(probed.mount() + " " + protocol)) {
      log(key, probed, protocol);
    }
    return protocol;
  }

  private static StoreWriters writers(Configuration conf) {
    String value = conf.get(StoreWriters.SETTING);
    return value == null ? StoreWriters.CONDITIONAL : StoreWriters.parse(value);
  }

  private static Probed probe(Path folder) throws IOException {
    Path file = folder.resolve(".spark-mlops-link-probe." + UUID.randomUUID());
    Path link = file.resolveSibling(file.getFileName() + ".link");
    Files.createFile(file);
    Optional<String> linkFailure;
    try {
      Files.createLink(link, file);
      linkFailure = Optional.empty();
    } catch (NoSuchFileException | FileAlreadyExistsException e) {
      throw e; // the folder changed under the probe: that tells nothing about links
    } catch (FileSystemException | UnsupportedOperationException e) {
      linkFailure = Optional.of(e instanceof FileSystemException f && f.getReason() != null
          ? f.getReason() : e.toString());
    } finally {
      Files.deleteIfExists(link);
      Files.deleteIfExists(file);
    }
    Optional<String> claimsUnsafe =
        linkFailure.isPresent() ? VersionClaim.whyUnsafe(folder) : Optional.empty();
    return new Probed(linkFailure, claimsUnsafe, mount(folder));
  }

  private static String mount(Path folder) {
    try {
      FileStore store = Files.getFileStore(folder);
      return store + ", a " + store.type() + " filesystem";
    } catch (IOException | SecurityException e) {
      return "a filesystem Java cannot describe";
    }
  }

  private static void log(Path folder, Probed probed, Protocol protocol) {
    switch (protocol) {
      case HARD_LINK -> LOG.info("Store folders on {} (first: {}) publish commits with hard links: "
          + "safe for many writers", probed.mount(), folder);
      case CLAIM -> LOG.warn("Hard links do not work on {} (in {}: {}), so commits are published "
          + "by claiming each version with an atomic folder rename. Safe for many writers if this "
          + "filesystem's renames are atomic and seen by every client at once (FUSE mounts over "
          + "object storage often copy instead); a writer killed while holding a claim delays "
          + "that version by up to {} s", probed.mount(), folder, probed.linkFailure().get(),
          VersionClaim.STALE_AFTER.toSeconds());
      case SINGLE_WRITER -> LOG.warn("Neither hard links nor exclusive folder renames work on {} "
          + "(in {}), and {}=single: commits are published as by one writer (check that the name "
          + "is free, then rename). Two applications writing this store at once can overwrite "
          + "each other's commits", probed.mount(), folder, StoreWriters.SETTING);
    }
  }
}
