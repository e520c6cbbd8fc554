package io.github.sparkmlops.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIOException;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A Hadoop filesystem over local files ({@code putifabsent:///tmp/...}) whose conditional create
 * ({@code fs.option.create.conditional.overwrite}) is an atomic put-if-absent, reported as S3A
 * 3.4.2 reports S3's answers: the object appears whole when the stream is closed, or, if the name
 * exists by then, the close fails with what S3A makes of a 412. S3Mock checks and writes in two
 * steps, so simultaneous PUTs can both win there; this one publishes with {@code link(2)}, which
 * fails if the name exists, so races test the log store's logic and nothing else.
 *
 * <p>Tests can make conditional creates unavailable (as on Hadoop before 3.4.2, or with S3A's
 * {@code fs.s3a.create.conditional.enabled=false}) and run a hook just before each conditional
 * PUT, which may write a foreign file or throw (a 409, say): {@link #reset()} restores both.
 */
public final class PutIfAbsentFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "putifabsent";

  /** A conditional PUT about to be published; may throw to fail it, or change the store first. */
  @FunctionalInterface
  interface BeforePut {
    void run(Path path) throws IOException;
  }

  private static volatile boolean conditionalEnabled = true;
  private static volatile BeforePut beforePut = path -> { };

  /** The Hadoop settings that route {@code putifabsent:} paths here and to {@code logStore}. */
  static Configuration conf(Class<?> logStore) {
    Configuration conf = new Configuration();
    conf.set("fs." + SCHEME + ".impl", PutIfAbsentFileSystem.class.getName());
    conf.set("io.delta.kernel.logStore." + SCHEME + ".impl", logStore.getName());
    return conf;
  }

  /** The local folder {@code dir} as a path string of this filesystem (spaces stay spaces). */
  static String root(java.nio.file.Path dir) {
    return SCHEME + "://" + dir.toAbsolutePath();
  }

  static void reset() {
    conditionalEnabled = true;
    beforePut = path -> { };
  }

  static void conditionalEnabled(boolean enabled) {
    conditionalEnabled = enabled;
  }

  static void beforePut(BeforePut hook) {
    beforePut = hook;
  }

  /** What S3A 3.4.2 throws for an answer with HTTP {@code status} to a PUT of {@code path}. */
  static IOException s3aError(Path path, int status, String code) {
    return S3AUtils.translateException("Writing Object", path.toUri().getPath(), (S3Exception) S3Exception.builder().statusCode(status)
            .message(code).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build());
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public boolean hasPathCapability(Path path, String capability) throws IOException {
    if (capability.equals(ConditionalPutLogStore.CONDITIONAL_CREATE)) {
      return conditionalEnabled;
    }
    return super.hasPathCapability(path, capability);
  }

  @Override
  public FSDataOutputStreamBuilder<FSDataOutputStream, ?> createFile(Path path) {
    return new Builder(path).create().overwrite(true);
  }

  private final class Builder extends FSDataOutputStreamBuilder<FSDataOutputStream, Builder> {

    Builder(Path path) {
      super(PutIfAbsentFileSystem.this, path);
    }

    @Override
    public Builder getThisBuilder() {
      return this;
    }

    @Override
    public FSDataOutputStream build() throws IOException {
      rejectUnknownMandatoryKeys(Set.of(ConditionalPutLogStore.CONDITIONAL_CREATE), " for " + getPath());
      boolean overwrite = getFlags().contains(CreateFlag.OVERWRITE);
      if (!getOptions().getBoolean(ConditionalPutLogStore.CONDITIONAL_CREATE, false)) {
        return PutIfAbsentFileSystem.this.create(getPath(), overwrite);
      }
      if (!conditionalEnabled) {
        throw new PathIOException(getPath().toString(), "Conditional Writes Unavailable");
      }
      Path target = getPath();
      return new FSDataOutputStream(new ByteArrayOutputStream() {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (!closed) {
            closed = true;
            publish(target, toByteArray());
          }
        }
      }, null);
    }
  }

  private void publish(Path target, byte[] content) throws IOException {
    beforePut.run(target);
    java.nio.file.Path file = pathToFile(target).toPath();
    java.nio.file.Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
    try {
      Files.write(temp, content);
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException e) {
      throw s3aError(target, 412, "PreconditionFailed");
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
