package io.github.sparkmlops.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a new log file under its name only if no other writer has, on a filesystem without
 * hard links, using only an atomic rename: a writer first claims the name, then renames its file
 * onto it.
 *
 * <p><b>The claim.</b> For {@code N.json} the claim is the hidden folder {@code .N.json.claim}. A
 * writer moves its fully written file into a private folder of its own and renames that folder onto
 * the claim's name. A rename onto a folder that is not empty fails (POSIX), and a claim is never
 * empty while its writer holds it, so exactly one writer holds a claim at a time. Holding it, the
 * writer checks that {@code N.json} does not exist and renames its file, from inside the claim, to
 * {@code N.json} (readers see the whole file or none), then removes the claim. A writer that finds
 * {@code N.json} gets the {@link FileAlreadyExistsException} Delta expects, and retries on the next
 * version; one that finds a claim waits for it to go.
 *
 * <p><b>A writer killed (or stalled) while holding a claim.</b> A claim is stale once it is {@link
 * #STALE_AFTER} old by the filesystem's own clock (the claim's modification time against that of
 * the waiting writer's own folder, plus the time it has waited), and {@code N.json} still does not
 * exist. A stale claim is taken over by renaming the whole claim folder to a unique name, with
 * the stalled writer's file inside it, and deleting it. A writer whose claim was taken over can
 * therefore never publish: its file is no longer at the name it renames from, so its rename fails
 * and its commit fails with an {@link IOException} (the flusher retries it). Publishing needs the
 * writer's own file inside the claim at the instant of the rename, so a writer never overwrites a
 * commit another writer published, whatever the clocks say: staleness only decides how long a
 * killed writer's claim delays that version (up to {@link #STALE_AFTER}), and a live writer
 * mistaken for a stalled one (held a claim longer than that, or a filesystem clock that jumps)
 * only retries its commit.
 *
 * <p><b>Limits.</b> This is as safe as the filesystem's renames: each must be atomic, a rename onto
 * a folder that is not empty must fail, and a file another client has just renamed into place must
 * be visible to the existence check at once ({@link #whyUnsafe} checks the renames, not their
 * atomicity nor what other clients see). Local FAT and exFAT disks keep these; FUSE mounts over
 * object storage (for example {@code /Volumes}, {@code /dbfs}, gcsfuse,
 * s3fs) often emulate a rename by copying, and NFS clients may cache that a name is absent
 * ({@code lookupcache}): for many writers there, write to the object store's own URI instead.
 * A writer killed mid-way leaves hidden names behind ({@code .N.json.<id>.claiming}, and an empty
 * {@code .N.json.claim} if killed just after publishing), which no Delta reader lists.
 */
final class VersionClaim {

  /** How old a claim must be, its commit still missing, before another writer takes it over. */
  static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(VersionClaim.class);
  private static final long MAX_PAUSE_MILLIS = 50;

  private final Path target;
  private final Path claim;
  private final String id;
  private final Path own;
  private final long startFsMillis;
  private final long startNanos;
  private boolean held;

  /**
   * Moves the fully written {@code file} into a private folder beside {@code target}: afterwards
   * {@code file} no longer exists under its name, and {@link #release} removes what is left. The
   * steps of {@link #publish} are open to tests that stall a writer between them.
   */
  VersionClaim(Path file, Path target) throws IOException {
    this.target = target;
    String name = target.getFileName().toString();
    this.claim = target.resolveSibling("." + name + ".claim");
    this.id = UUID.randomUUID().toString();
    this.own = target.resolveSibling("." + name + "." + id + ".claiming");
    Files.createDirectory(own);
    try {
      Files.move(file, own.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(own);
      throw e;
    }
    // the move set the folder's time by the filesystem's clock, which claims' ages are told by
    this.startFsMillis = Files.getLastModifiedTime(own).toMillis();
    this.startNanos = System.nanoTime();
  }

  /**
   * Publishes {@code file} as {@code target} if no writer has published {@code target}; {@code
   * file} is gone afterwards either way.
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   * @throws IOException if this writer's claim was taken over as stale, or the filesystem failed
   */
  static void publish(Path file, Path target) throws IOException {
    VersionClaim claim = new VersionClaim(file, target);
    try {
      claim.acquire();
      claim.publishHeld();
    } finally {
      claim.release();
    }
  }

  /** Holds the claim on the target, waiting for another writer's claim to go or to turn stale. */
  void acquire() throws IOException {
    long pause = 1;
    while (true) {
      if (Files.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      if (tryClaim()) {
        return;
      }
      FileTime other;
      try {
        other = Files.getLastModifiedTime(claim);
      } catch (NoSuchFileException released) {
        continue;
      }
      long age = fsNowMillis() - other.toMillis();
      if (age >= STALE_AFTER.toMillis()) {
        takeOver(age);
        continue;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for the claim on " + target);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }

  /** True if this writer's folder now is the claim; false if another writer's claim is there. */
  private boolean tryClaim() throws IOException {
    try {
      Files.move(own, claim, StandardCopyOption.ATOMIC_MOVE);
      held = true;
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException taken) {
      return false;
    } catch (FileSystemException e) {
      // rename(2) says ENOTEMPTY, which Java reports as a plain FileSystemException; the claim it
      // met may be released by now (CI once saw that race surface as an I/O error, which Kernel
      // retried on the same version and then could not tell whether the first attempt landed)
      if (e instanceof NoSuchFileException
          || !Files.isDirectory(claim) && !String.valueOf(e.getReason()).contains("not empty")) {
        throw e;
      }
      return false;
    }
  }

  void publishHeld() throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    try {
      Files.move(claim.resolve(id), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException lost) {
      if (!Files.isDirectory(target.getParent())) {
        throw lost; // the log folder is gone, not the claim
      }
      throw new IOException("The claim on " + target + " was taken over by another writer that "
          + "found it older than " + STALE_AFTER.toSeconds() + " s (this writer stalled while "
          + "holding it); nothing was published, and the commit can be tried again", lost);
    }
  }

  /** Renames the stale claim out of the way, with whatever it holds, and deletes it. */
  private void takeOver(long ageMillis) throws IOException {
    Path stale = target.resolveSibling(
        "." + target.getFileName() + ".claim." + UUID.randomUUID() + ".stale");
    try {
      Files.move(claim, stale, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return; // released, or taken over by another writer
    }
    LOG.warn("Took over the claim on {}, held for {} s by a writer that neither published nor "
        + "released it (killed or stalled)", target, ageMillis / 1000);
    deleteQuietly(stale);
  }

  /** The filesystem's clock now, as read when this writer's folder was written plus time since. */
  private long fsNowMillis() {
    return startFsMillis + (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Removes this writer's file wherever it still is, and the claim if it is empty: a claim holds
   * the file of the writer that holds it, so an empty one is a published or abandoned claim.
   */
  void release() {
    deleteQuietly(own);
    if (held) {
      try {
        Files.deleteIfExists(claim.resolve(id));
        Files.deleteIfExists(claim);
      } catch (IOException another) {
        // not empty: another writer's claim is there now, and stays
      }
    }
  }

  private static void deleteQuietly(Path folder) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
      Files.deleteIfExists(folder);
    } catch (NoSuchFileException gone) {
      // nothing to remove
    } catch (IOException e) {
      LOG.debug("Could not remove {}: {}", folder, e.toString());
    }
  }

  /**
   * Why claims cannot be trusted in {@code folder}, or empty if they can: tries, with throw-away
   * names, that a folder renames onto a free name, that a second folder's rename onto it fails
   * and leaves it as it was, and that a file renames out of it.
   *
   * @throws IOException if the folder cannot be written at all, which tells nothing
   */
  static Optional<String> whyUnsafe(Path folder) throws IOException {
    String probe = ".spark-mlops-claim-probe." + UUID.randomUUID();
    Path first = Files.createDirectory(folder.resolve(probe + ".1"));
    Path second = folder.resolve(probe + ".2");
    Path claim = folder.resolve(probe + ".claim");
    Path published = folder.resolve(probe + ".published");
    try {
      Files.createFile(first.resolve("1"));
      Files.createFile(Files.createDirectory(second).resolve("2"));
      Files.move(first, claim, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(second, claim, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of("a folder renamed onto a folder that is not empty replaced it");
      } catch (FileSystemException expected) {
        if (!Files.exists(claim.resolve("1")) || Files.exists(claim.resolve("2"))) {
          return Optional.of("a failed rename onto a folder changed what it holds");
        }
      }
      Files.move(claim.resolve("1"), published, StandardCopyOption.ATOMIC_MOVE);
      return Optional.empty();
    } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
      return Optional.of("no atomic rename (" + e + ")");
    } catch (FileSystemException e) {
      if (!Files.isDirectory(folder)) {
        throw e;
      }
      return Optional.of(e.toString());
    } finally {
      Files.deleteIfExists(published);
      for (Path dir : new Path[] {first, second, claim}) {
        deleteQuietly(dir);
      }
    }
  }
}
