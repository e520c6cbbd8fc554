package io.github.sparkmlops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 API on loopback: Adobe S3Mock, run from its exec jar as a process of its own (its
 * Spring classpath stays out of Spark's), on a free port, with its objects in a temporary folder;
 * and the settings of a path-style S3A client on it. The jar is where the build copies it
 * ({@code target/s3mock/s3mock.jar}, the execution "s3mock" of maven-dependency-plugin) unless the
 * system property {@code s3mock.jar} names it.
 *
 * <p>S3Mock answers a second conditional PUT ({@code If-None-Match: *}) of a key with 412, but
 * checks and writes in two steps: PUTs sent at the same instant can both succeed, so races of
 * writers are not tested on it.
 */
public final class S3Mock implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static S3Mock shared;
  private static Path buffers;

  private final Process process;
  private final int port;
  private final Path folder;
  private final HttpClient http = HttpClient.newHttpClient();

  private S3Mock(Process process, int port, Path folder) {
    this.process = process;
    this.port = port;
    this.folder = folder;
  }

  /** The S3Mock of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized S3Mock shared() {
    if (shared == null) {
      shared = start();
      S3Mock started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "s3mock-stop"));
    }
    return shared;
  }

  /** Starts an S3Mock of its own; the caller closes it. */
  public static S3Mock start() {
    try {
      Path folder = Files.createTempDirectory("s3mock-");
      int port = freePort();
      Path log = folder.resolve("s3mock.log");
      Path objects = Files.createDirectories(folder.resolve("objects"));
      // its Tomcat's folders and the files it buffers uploads in, deleted with the folder by close()
      Path tmp = Files.createDirectories(folder.resolve("tmp"));
      Process process = new ProcessBuilder(
          ProcessHandle.current().info().command().orElse("java"),
          "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
          "-jar", jar().toString(),
          "--com.adobe.testing.s3mock.httpPort=" + port,
          "--server.port=0",
          "--server.address=127.0.0.1",
          "--com.adobe.testing.s3mock.store.root=" + objects,
          "--spring.main.banner-mode=off")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      S3Mock mock = new S3Mock(process, port, folder);
      mock.awaitReady(log);
      return mock;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jar() {
    Path jar = Paths.get(System.getProperty("s3mock.jar", "target/s3mock/s3mock.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no S3Mock exec jar at " + jar.toAbsolutePath()
          + ": the build copies it there (maven-dependency-plugin, execution s3mock), or set the "
          + "system property s3mock.jar");
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        break;
      }
      try {
        if (send("GET", "/").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("S3Mock did not answer on port " + port + " within "
        + START_TIMEOUT + "; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String method, String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The port S3Mock listens on, on loopback. */
  public int port() {
    return port;
  }

  /** The endpoint URL, plain HTTP on loopback. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates a bucket, or does nothing if it exists. */
  public S3Mock bucket(String name) {
    try {
      int status = send("PUT", "/" + name).statusCode();
      if (status != 200 && status != 409) {
        throw new IllegalStateException("S3Mock answered " + status + " to creating bucket " + name);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Hadoop settings of a path-style S3A client on {@code endpoint} (this S3Mock's, or a proxy's
   * in front of it), with S3Mock's accepted-anything credentials.
   */
  public static Map<String, String> s3aSettings(String endpoint) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put("fs.s3a.access.key", "mlops-test");
    settings.put("fs.s3a.secret.key", "mlops-test");
    // S3A buffers uploads in files, by default under /tmp/hadoop-<user>/s3a, a folder it leaves
    settings.put("fs.s3a.buffer.dir", buffers().toString());
    return settings;
  }

  /** This JVM's folder for S3A's upload buffers, one for all its clients, deleted on exit. */
  private static synchronized Path buffers() {
    if (buffers == null) {
      buffers = TestSpark.newFolder("s3a-buffers-");
    }
    return buffers;
  }

  /** The Hadoop settings of a path-style S3A client on this S3Mock. */
  public Map<String, String> s3aSettings() {
    return s3aSettings(endpoint());
  }

  /** {@code hadoop} as Spark settings ({@code spark.hadoop.*}). */
  public static Map<String, String> sparkSettings(Map<String, String> hadoop) {
    Map<String, String> spark = new LinkedHashMap<>();
    hadoop.forEach((key, value) -> spark.put("spark.hadoop." + key, value));
    return spark;
  }

  /** Stops S3Mock and deletes its objects. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary folder: whatever is left is the system's to clean
    }
  }
}
