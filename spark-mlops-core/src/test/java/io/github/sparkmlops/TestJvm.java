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
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder.start();
  }
}
