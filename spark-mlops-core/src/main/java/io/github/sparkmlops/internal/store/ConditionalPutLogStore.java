package io.github.sparkmlops.internal.store;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.VersionInfo;

/**
 * The Delta log store for object stores that refuse a second PUT of a key ({@code If-None-Match:
 * *}), as S3 does, safe for writers in many JVMs and clusters at once.
 *
 * <p>Kernel's default on S3, {@code S3SingleDriverLogStore}, checks that the next commit file does
 * not exist and then PUTs it: two writers can both pass the check, and the second PUT silently
 * replaces the first's commit (its records are lost though its writer was told they landed). Here
 * each new commit file is created with Hadoop's conditional create ({@code
 * fs.option.create.conditional.overwrite}, Hadoop S3A 3.4.2 and later), one PUT that the store
 * itself refuses if the key exists, so exactly one writer wins a version. The loser gets the
 * {@link java.nio.file.FileAlreadyExistsException} Kernel expects, and Kernel retries its commit on
 * the next version. How S3A reports the refusal is recognised by class name and HTTP status, so
 * that this class needs no hadoop-aws at compile time:
 *
 * <ul>
 *   <li>412 Precondition Failed: the key exists (S3A: {@code RemoteFileChangedException});
 *   <li>Hadoop's {@link org.apache.hadoop.fs.FileAlreadyExistsException}, which S3A's create may
 *       raise before any PUT;
 *   <li>409 Conflict: another conditional write of the same key is in progress. S3 asks for a
 *       retry: the other write may still fail, and Kernel, told the version is taken, finds no
 *       commit there and gives its own up ("No winning commits found"). So the PUT is retried (a
 *       few times, after a short random pause) until it lands or the key exists.
 * </ul>
 *
 * <p>Files that are meant to be replaced ({@code _last_checkpoint}) are written with a plain PUT.
 * A commit is sent as one PUT, not a multipart upload: it is written in one piece and is far
 * smaller than the smallest multipart part (5 MB; S3A sends a multipart upload only past its
 * {@code fs.s3a.multipart.size}, and even then completes it with the same condition).
 *
 * <p>Partial writes are not visible on S3: an object appears whole when its PUT completes, or not
 * at all. So Kernel writes checkpoints in place, with no temporary file to rename (a copy on S3).
 *
 * <p>A commit is never written into a log folder that does not exist, as Delta's own log stores
 * refuse: it would start a log that holds only that commit.
 *
 * <p>Where the filesystem cannot create conditionally (Hadoop before 3.4.2 has no such option; S3A
 * with {@code fs.s3a.create.conditional.enabled=false}, for S3-compatible servers that lack it; a
 * filesystem other than S3A) a new commit file is refused with {@link Unavailable} before anything
 * is written, rather than written unsafely: {@link #available} tells beforehand, and an
 * application then commits through Kernel's one-writer log store instead ({@link CommitProtocol}).
 */
public final class ConditionalPutLogStore extends HadoopFileSystemLogStore {

  /** The Hadoop option (and path capability) of a create that fails if the file exists. */
  static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  /** The Hadoop keys under which Kernel looks up the log store for S3's schemes. */
  static final List<String> KERNEL_KEYS = List.of(
      "io.delta.kernel.logStore.s3.impl",
      "io.delta.kernel.logStore.s3a.impl",
      "io.delta.kernel.logStore.s3n.impl");

  private static final String REMOTE_FILE_CHANGED =
      "org.apache.hadoop.fs.s3a.RemoteFileChangedException";
  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;
  /** PUTs of one commit that meet a concurrent conditional write (409) before it is given up. */
  private static final int CONFLICT_ATTEMPTS = 8;

  public ConditionalPutLogStore(Configuration conf) {
    super(conf);
  }

  /**
   * Whether {@code path}'s filesystem creates files conditionally, so that this log store can
   * write there. Asks the filesystem only (no request is sent).
   */
  public static boolean available(Path path, Configuration conf) throws IOException {
    return path.getFileSystem(conf).hasPathCapability(path, CONDITIONAL_CREATE);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    byte[] content = content(actions);
    if (overwrite) {
      try (FSDataOutputStream out = fs.create(path, true)) {
        out.write(content);
      }
      return;
    }
    if (!fs.hasPathCapability(path, CONDITIONAL_CREATE)) {
      throw new Unavailable(path);
    }
    if (!isFolder(fs, path.getParent())) {
      // as Delta's log stores: Kernel makes the log folder for a table's first commit, so a
      // missing one is a table gone since it was read, which a lone later commit must not revive
      throw new FileNotFoundException("No such file or directory: " + path.getParent());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        createIfAbsent(fs, path, content);
        return;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        throw alreadyExists(path, e);
      } catch (IOException e) {
        int status = status(e);
        if (status == PRECONDITION_FAILED || hasClass(e, REMOTE_FILE_CHANGED)) {
          throw alreadyExists(path, e);
        }
        if (status != CONFLICT) {
          throw e;
        }
        if (fs.exists(path)) {
          throw alreadyExists(path, e);
        }
        if (attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** False: an object on S3 appears whole when its PUT completes, or not at all. */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return false;
  }

  private static void createIfAbsent(FileSystem fs, Path path, byte[] content) throws IOException {
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path);
    builder.overwrite(false);
    builder.must(CONDITIONAL_CREATE, true);
    // S3A sends the PUT, and so learns whether the key existed, when the stream is closed
    try (FSDataOutputStream out = builder.build()) {
      out.write(content);
    }
  }

  private static byte[] content(Iterator<String> actions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (actions.hasNext()) {
      bytes.writeBytes(actions.next().getBytes(StandardCharsets.UTF_8));
      bytes.write('\n');
    }
    return bytes.toByteArray();
  }

  private static java.nio.file.FileAlreadyExistsException alreadyExists(Path path, Exception cause) {
    java.nio.file.FileAlreadyExistsException e =
        new java.nio.file.FileAlreadyExistsException(path.toString());
    e.initCause(cause);
    return e;
  }

  /**
   * The HTTP status that {@code e} or one of its causes reports through a {@code statusCode()}
   * method (S3A's {@code AWSServiceIOException} and the AWS SDK's service exceptions have one), or
   * 0.
   */
  private static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      try {
        Method statusCode = t.getClass().getMethod("statusCode");
        if (statusCode.getReturnType() == int.class) {
          return (int) statusCode.invoke(t);
        }
      } catch (ReflectiveOperationException | RuntimeException notThere) {
        // not a service exception: look at its cause
      }
    }
    return 0;
  }

  private static boolean hasClass(Throwable e, String className) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (c.getName().equals(className)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void pause(int attempt) throws InterruptedIOException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(10L << attempt, 20L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while retrying a conflicted commit");
    }
  }

  /**
   * A new commit file was to be written where the filesystem cannot create it conditionally;
   * nothing was written. Unchecked, so that Kernel gives the commit up at once instead of
   * retrying it.
   */
  public static final class Unavailable extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    Unavailable(Path path) {
      super("The filesystem of " + path + " cannot create a file only if it is absent ("
          + CONDITIONAL_CREATE + "), which writers sharing this store need: it takes Hadoop S3A "
          + "3.4.2 or later with fs.s3a.create.conditional.enabled=true (the default); this "
          + "driver has Hadoop " + VersionInfo.getVersion());
    }
  }

  /** Whether {@code folder} is there and a folder ({@code FileSystem.isDirectory}, deprecated). */
  private static boolean isFolder(FileSystem fs, Path folder) throws IOException {
    try {
      return fs.getFileStatus(folder).isDirectory();
    } catch (FileNotFoundException missing) {
      return false;
    }
  }
}
