package io.github.sparkmlops.internal.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sorted names of local log folders, read again only when a folder may have changed.
 *
 * <p>Adding, removing or renaming an entry sets a folder's modification time to the time of the
 * change. So when a folder's time is at least {@link #QUIET} behind the clock as its names are
 * read, any later change gives it a later time, and as long as the time stays the same the names
 * read then are still the names. Kernel lists a log from the last checkpoint on every snapshot, so
 * a reader of a store that is not being written at that moment then pays for a few look-ups
 * instead of reading tens of thousands of names.
 *
 * <p>Only filesystems that keep folder times this way on the machine itself are trusted (network
 * filesystems cache a folder's attributes and FUSE mounts promise nothing); elsewhere every
 * listing reads the folder. Only short listings are kept (Kernel's from a checkpoint on), for a
 * bounded number of folders.
 */
final class QuietFolders {

  /** How far behind the clock a folder's last change must be for its names to be kept. */
  static final long QUIET_MILLIS = 2_000;

  private static final int MAX_NAMES = 1_000;
  private static final int MAX_FOLDERS = 64;
  private static final Set<String> TRUSTED_FILESYSTEMS =
      Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "zfs", "tmpfs", "overlay", "apfs");

  /** Names at or after {@code start}, sorted, read while the folder's time was {@code time}. */
  private record Listing(FileTime time, String start, List<String> names) {}

  private static final Map<Path, Listing> LISTINGS = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Listing> eldest) {
          return size() > MAX_FOLDERS;
        }
      });

  private QuietFolders() {}

  /**
   * The names in {@code dir} that sort at or after {@code start}, in name order, hidden names
   * (starting with a dot) excepted.
   *
   * @throws IOException if the folder cannot be read, for instance because it does not exist
   */
  static List<String> namesFrom(Path dir, String start) throws IOException {
    // the time is taken before the names, so a change while they are read shows as a new time
    FileTime time = Files.getLastModifiedTime(dir);
    Listing kept = LISTINGS.get(dir);
    if (kept != null && kept.time().equals(time) && start.compareTo(kept.start()) >= 0) {
      return tail(kept.names(), start);
    }
    List<String> names = read(dir, start);
    if (names.size() <= MAX_NAMES
        && time.toMillis() < System.currentTimeMillis() - QUIET_MILLIS && trusted(dir)) {
      LISTINGS.put(dir, new Listing(time, start, List.copyOf(names)));
    }
    return names;
  }

  private static List<String> read(Path dir, String start) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && name.compareTo(start) >= 0) {
          names.add(name);
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  private static List<String> tail(List<String> sorted, String start) {
    int at = Collections.binarySearch(sorted, start);
    return new ArrayList<>(sorted.subList(at >= 0 ? at : -at - 1, sorted.size()));
  }

  private static boolean trusted(Path dir) {
    try {
      return TRUSTED_FILESYSTEMS.contains(Files.getFileStore(dir).type());
    } catch (IOException e) {
      return false;
    }
  }
}
