package io.github.sparkmlops.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A store root that can be made unwritable and writable again, atomically, for any user including
 * root (who ignores permission bits) and on any local filesystem (no {@code chattr}): the root is
 * a symbolic link, switched between the real directory and a regular file. While it points at the
 * file, every path under the root fails with "not a directory", so nothing can be created there,
 * nor anywhere else: no directory or table can appear in place of the store. Switching is a rename
 * of one link over another, so there is no instant at which the root does not exist.
 */
public final class StoreOutage {

  private final Path root;
  private final Path real;
  private final Path blocker;

  private StoreOutage(Path root, Path real, Path blocker) {
    this.root = root;
    this.real = real;
    this.blocker = blocker;
  }

  /** A writable store root at {@code parent/store}, a link to {@code parent/real}. */
  public static StoreOutage under(Path parent) throws IOException {
    Files.createDirectories(parent);
    StoreOutage outage = new StoreOutage(parent.resolve("store"),
        Files.createDirectory(parent.resolve("real")), Files.createFile(parent.resolve("blocker")));
    outage.pointAt(outage.real);
    return outage;
  }

  /** The store root to configure. */
  public Path root() {
    return root;
  }

  /** The directory the store's tables really live in. */
  public Path real() {
    return real;
  }

  /** The regular file the root points at during an outage. */
  public Path blocker() {
    return blocker;
  }

  /** Makes the store unwritable: the root points at the regular file. */
  public void begin() throws IOException {
    pointAt(blocker);
  }

  /** Makes the store writable again: the root points at the real directory. */
  public void end() throws IOException {
    pointAt(real);
  }

  private void pointAt(Path target) throws IOException {
    Path link = root.resolveSibling(".store-link-" + System.nanoTime());
    Files.createSymbolicLink(link, target.getFileName());
    Files.move(link, root, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
