package io.github.sparkmlops.fault;

import io.github.sparkmlops.TestJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of {@link FaultWriterMain} in a JVM of its own (also used by the sql module's tests),
 * and what it said: whether it is ready, the highest {@code WRITTEN n} it printed (records 1..n of
 * its writer are committed), and whether a maintenance run was under way.
 */
public final class WriterTrial {

  private final Process process;
  private final Thread reader;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch firstWrite = new CountDownLatch(1);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong filesCompacted = new AtomicLong();
  private volatile boolean maintaining;
  private final Deque<String> tail = new ArrayDeque<>();

  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private WriterTrial(Process process) {
    this.process = process;
    LIVE.add(process);
    this.reader = new Thread(this::read, "trial-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static WriterTrial start(String mode, Path root, String writerId) throws IOException {
    // C1 and the serial collector start a short-lived JVM about a second sooner
    return new WriterTrial(TestJvm.start(
        Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
        FaultWriterMain.class, "256m", mode, root.toString(), writerId));
  }

  /** Kills every writer JVM still running (after a failed check, say). */
  public static void killAll() throws InterruptedException {
    for (Process p : LIVE) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    LIVE.clear();
  }

  /** Waits for {@code READY}; false if the JVM ended or did not get there in time. */
  public boolean awaitReady(long seconds) throws InterruptedException {
    return ready.await(seconds, TimeUnit.SECONDS) && process.isAlive();
  }

  /** Waits for the first {@code WRITTEN} line; false if the JVM ended or did not get there. */
  public boolean awaitFirstWrite(long seconds) throws InterruptedException {
    return firstWrite.await(seconds, TimeUnit.SECONDS) && process.isAlive();
  }

  /**
   * Kills the JVM with SIGKILL ({@link Process#destroyForcibly()} on Unix), waits for it to be
   * gone and for its last lines to be read, and returns the highest count it reported written.
   */
  public long kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the writer JVM did not die");
    }
    LIVE.remove(process);
    reader.join(10_000);
    return written.get();
  }

  /** Whether its last word was that a maintenance run began (and not yet that it ended). */
  public boolean maintaining() {
    return maintaining;
  }

  /** The small files its maintenance runs reported compacted. */
  public long filesCompacted() {
    return filesCompacted.get();
  }

  public long written() {
    return written.get();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The last lines it printed, for failure messages. */
  public synchronized String tail() {
    return String.join("\n", tail);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("READY")) {
          ready.countDown();
        } else if (line.startsWith("WRITTEN ")) {
          written.accumulateAndGet(Long.parseLong(line.substring(8).trim()), Math::max);
          firstWrite.countDown();
        } else if (line.equals("COMPACTING")) {
          maintaining = true;
        } else if (line.startsWith("COMPACTED ")) {
          filesCompacted.addAndGet(Long.parseLong(line.substring(10).trim()));
          maintaining = false;
        }
        synchronized (this) {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process died mid-line: what was read before counts
    }
  }
}
