package io.github.sparkmlops.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta Kernel's documented Hadoop keys work in the shaded assembly. Shading rewrites string
 * constants that look like class names, so unless the assembly's relocation excludes them, Kernel
 * in the assembly would read
 * {@code io.github.sparkmlops.shaded.io.delta.kernel.logStore.<scheme>.impl} and silently ignore
 * the {@code io.delta.kernel.logStore.<scheme>.impl} a user sets (docs/compatibility.md's advice
 * for S3 multi-writer safety). {@link LogStoreProbe} writes through the public facade in a child JVM
 * whose classpath holds Spark and the assembly, and no unshaded spark-mlops or Delta: once with the
 * key set to a log store that records its use, once with the key unset.
 */
class LogStoreAssemblyIT {

  private static final Path ASSEMBLY = Path.of(System.getProperty("assembly.jar"));
  private static final String RECORDING_STORE = "probe.RecordingLogStore";

  /**
   * A log store that notes each file it writes in the file named by {@code -Dprobe.marker}. It must
   * extend the assembly's relocated delta-storage class, which exists only in the built jar, so it
   * is compiled against that jar here rather than with the tests.
   */
  private static final String RECORDING_STORE_SOURCE = """
      package probe;

      import io.github.sparkmlops.shaded.io.delta.storage.HDFSLogStore;
      import java.io.IOException;
      import java.nio.file.Files;
      import java.nio.file.Paths;
      import java.nio.file.StandardOpenOption;
      import java.util.Iterator;
      import org.apache.hadoop.conf.Configuration;
      import org.apache.hadoop.fs.Path;

      public class RecordingLogStore extends HDFSLogStore {
        public RecordingLogStore(Configuration conf) {
          super(conf);
        }

        @Override
        public void write(Path path, Iterator<String> actions, Boolean overwrite,
            Configuration conf) throws IOException {
          Files.writeString(Paths.get(System.getProperty("probe.marker")),
              path.toUri().getPath() + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          super.write(path, actions, overwrite, conf);
        }
      }
      """;

  @TempDir
  static Path work;
  private static Path keyedStore;
  private static Path defaultStore;
  private static Path marker;
  private static String output;

  @BeforeAll
  static void writeBothStoresThroughTheAssembly() throws Exception {
    Path recordingJar = compileTheRecordingLogStoreAgainstTheAssembly();
    keyedStore = work.resolve("keyed-store");
    defaultStore = work.resolve("default-store");
    marker = work.resolve("marker.txt");
    output = probe(recordingJar, keyedStore.toString(), RECORDING_STORE,
        defaultStore.toString(), LogStoreProbe.UNSET);
  }

  private static Path compileTheRecordingLogStoreAgainstTheAssembly() throws IOException {
    Path sources = Files.createDirectories(work.resolve("src/probe"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Files.writeString(sources.resolve("RecordingLogStore.java"), RECORDING_STORE_SOURCE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(),
        "-cp", sparkOnlyClasspath() + File.pathSeparator + ASSEMBLY,
        sources.resolve("RecordingLogStore.java").toString());
    assertEquals(0, status, "the recording log store compiles against the assembly");
    Path recordingJar = work.resolve("recording-logstore.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(recordingJar))) {
      String entry = "probe/RecordingLogStore.class";
      jar.putNextEntry(new JarEntry(entry));
      Files.copy(classes.resolve(entry), jar);
      jar.closeEntry();
    }
    return recordingJar;
  }

  @Test
  void noKernelKeyInTheAssemblyIsRelocated() throws IOException {
    List<String> relocatedKeys = new ArrayList<>();
    try (JarFile jar = new JarFile(ASSEMBLY.toFile())) {
      jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> {
        try {
          String bytes = new String(jar.getInputStream(e).readAllBytes(),
              StandardCharsets.ISO_8859_1);
          // Class references use slashes; a dotted shaded name can only be a string constant.
          for (String suffix : List.of("logStore.", "default-parquet-writer")) {
            if (bytes.contains("io.github.sparkmlops.shaded.io.delta.kernel." + suffix)) {
              relocatedKeys.add(e.getName());
            }
          }
        } catch (IOException x) {
          throw new IllegalStateException(x);
        }
      });
    }
    assertEquals(List.of(), relocatedKeys, "classes that read a relocated Kernel key");
  }

  @Test
  void theDocumentedLogStoreKeyChoosesTheLogStoreInTheAssembly() throws IOException {
    assertTrue(Files.exists(keyedStore.resolve("stats/_delta_log/00000000000000000000.json")),
        output);
    assertTrue(Files.exists(marker), "the configured log store was never used: " + output);
    List<String> written = Files.readAllLines(marker);
    assertTrue(written.contains(keyedStore.resolve("stats/_delta_log/00000000000000000000.json")
        .toUri().getPath()), "it wrote the stats table's first commit: " + written);
  }

  @Test
  void withoutTheKeyTheAssemblyUsesLocalAtomicLogStore() throws IOException {
    Path log = defaultStore.resolve("stats/_delta_log");
    assertTrue(Files.exists(log.resolve("00000000000000000000.json")), output);
    List<String> written = Files.exists(marker) ? Files.readAllLines(marker) : List.of();
    assertFalse(written.stream().anyMatch(p -> p.startsWith(defaultStore.toUri().getPath())),
        "no log store was configured for the default store, yet the recording one wrote "
            + written);
    // Kernel's own default (HDFSLogStore, through Hadoop's checksummed local file system) leaves a
    // .crc sidecar next to each commit; LocalAtomicLogStore writes none. If the key core sets were
    // not the key Kernel reads, Kernel's default would be used.
    try (Stream<Path> files = Files.list(log)) {
      List<String> crcs = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json.crc")).toList();
      assertEquals(List.of(), crcs, "commits written by LocalAtomicLogStore have no checksum");
    }
  }

  /**
   * Runs {@link LogStoreProbe} with these arguments in a child JVM with the assembly and the
   * recording log store; returns its output.
   */
  private static String probe(Path recordingJar, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(Arrays.asList(System.getProperty("spark.jvm.opts").trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j.conf"));
    command.add("-Dprobe.marker=" + marker);
    command.addAll(List.of("-cp", String.join(File.pathSeparator, sparkOnlyClasspath(),
        ASSEMBLY.toString(), recordingJar.toString(), testClasses()),
        LogStoreProbe.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), out);
    for (int i = 0; i < args.length; i += 2) {
      assertTrue(out.matches("(?s).*" + Pattern.quote(args[i])
          + ": FlushReport\\[acknowledged=(\\d+), written=\\1, pending=0.*"), out);
    }
    return out;
  }

  /** Where {@link LogStoreProbe} was compiled; it holds no spark-mlops or Delta classes. */
  private static String testClasses() throws Exception {
    return Path.of(LogStoreProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }

  /** The test classpath minus this project and Delta: what a plain Spark distribution has. */
  private static String sparkOnlyClasspath() {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.contains("/io/github/sparkmlops/"))
        .filter(entry -> !entry.contains("/io/delta/") && !entry.contains("/io/unitycatalog/"))
        .filter(entry -> !entry.contains("/target/"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
