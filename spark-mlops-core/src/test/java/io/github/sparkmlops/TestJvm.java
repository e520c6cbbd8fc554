package io.github.sparkmlops;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test classpath in a JVM of its own, with the test JVM's module flags. */
public final class TestJvm {

  private TestJvm() {}

  /** Starts {@code main} with {@code args}; stdout and stderr are merged. */
  public static Process start(Class<?> main, String heap, String... args) throws java.io.IOException {
    return start(java.util.Map.of(), main, heap, args);
  }

  /** Starts {@code main} with {@code args} and extra environment variables. */
  public static Process start(java.util.Map<String, String> env, Class<?> main, String heap,
      String... args) throws java.io.IOException {
    return start(env, entry -> true, main, heap, args);
  }

  /** Starts {@code main} with the classpath entries {@code keep} accepts only. */
  public static Process start(java.util.Map<String, String> env,
      java.util.function.Predicate<String> keep, Class<?> main, String heap, String... args)
      throws java.io.IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    String classpath = java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(keep).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    // its temporary files (Spark's folders, native libraries) in a folder this JVM deletes on exit
    command.add("-Djava.io.tmpdir=" + TestSpark.newFolder("jvm-"));
    command.addAll(List.of("-cp", classpath, main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder.start();
  }
}
