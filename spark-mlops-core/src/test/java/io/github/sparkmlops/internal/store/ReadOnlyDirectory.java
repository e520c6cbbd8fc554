package io.github.sparkmlops.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a directory tree truly read-only for a while, even for root (tests often run as root, who
 * ignores permission bits): {@code chattr +i} where the filesystem supports it, else permissions.
 */
final class ReadOnlyDirectory implements AutoCloseable {

  private final Path dir;
  private final boolean immutable;

  private ReadOnlyDirectory(Path dir, boolean immutable) {
    this.dir = dir;
    this.immutable = immutable;
  }

  static ReadOnlyDirectory lock(Path dir) throws IOException, InterruptedException {
    if (run("chattr", "-R", "+i", dir.toString())) {
      return new ReadOnlyDirectory(dir, true);
    }
    setWritable(dir, false);
    return new ReadOnlyDirectory(dir, false);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (immutable) {
      if (!run("chattr", "-R", "-i", dir.toString())) {
        throw new IOException("chattr -R -i " + dir + " failed");
      }
    } else {
      setWritable(dir, true);
    }
  }

  private static void setWritable(Path dir, boolean writable) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        p.toFile().setWritable(writable, false);
      }
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException noSuchCommand) {
      return false;
    }
  }
}
