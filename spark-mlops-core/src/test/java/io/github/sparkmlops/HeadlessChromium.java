package io.github.sparkmlops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for tests, driven through the DevTools protocol with the JDK's WebSocket
 * client: it opens a local page, waits until the MLOps report says it is ready, and collects what
 * the page should never do (console errors and warnings, uncaught exceptions, network requests).
 *
 * <p>Chromium runs with {@code --no-sandbox} (tests may run as root), no GPU, no background
 * networking and a fresh profile, which {@link #close()} deletes after killing the process tree.
 * When no Chromium is installed, {@link #launch()} aborts the test (an assumption, not a failure).
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> console = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
  private volatile String pageUrl = "about:blank";
  private WebSocket browser;
  private WebSocket page;
  private double loadMillis = Double.NaN;

  private HeadlessChromium(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
  }

  /**
   * The Chromium to run: the system property {@code chromium.path}, else {@code /usr/bin/chromium},
   * else {@code chromium} or {@code chromium-browser} on the {@code PATH}.
   */
  public static Optional<Path> executable() {
    String configured = System.getProperty("chromium.path");
    if (configured != null && !configured.isBlank()) {
      Path path = Paths.get(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    Path debian = Paths.get("/usr/bin/chromium");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Paths.get(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts a headless Chromium with one page; aborts the calling test when none is installed. */
  public static HeadlessChromium launch() {
    Optional<Path> executable = executable();
    if (executable.isEmpty()) {
      Assumptions.abort("no Chromium (/usr/bin/chromium, chromium on PATH or -Dchromium.path): "
          + ".ci/run installs it as root (apt-get install chromium)");
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = List.of(executable.get().toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--mute-audio",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
        "--window-size=1400,1000", "about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      deleteTree(profile);
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    HeadlessChromium chromium = new HeadlessChromium(process, profile);
    try {
      chromium.connect();
      return chromium;
    } catch (RuntimeException | Error e) {
      chromium.close();
      throw e;
    }
  }

  private void connect() {
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (stderrTail) {
            stderrTail.addLast(line);
            if (stderrTail.size() > 40) {
              stderrTail.removeFirst();
            }
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            endpoint.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
      endpoint.completeExceptionally(new IllegalStateException("Chromium ended: " + stderr()));
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    String browserUrl = await(endpoint, "the DevTools endpoint");
    HttpClient http = HttpClient.newHttpClient();
    browser = await(http.newWebSocketBuilder().buildAsync(URI.create(browserUrl), new Listener()),
        "the browser's WebSocket");
    ObjectNode target = JSON.createObjectNode().put("url", "about:blank");
    String targetId = send(browser, "Target.createTarget", target).path("targetId").asText();
    URI pageUrl = URI.create(browserUrl.replaceFirst("/devtools/browser/.*$", "/devtools/page/" + targetId));
    page = await(http.newWebSocketBuilder().buildAsync(pageUrl, new Listener()), "the page's WebSocket");
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      send(page, domain + ".enable", JSON.createObjectNode());
    }
  }

  /**
   * Opens {@code file} and waits for its load event and for {@code window.mlopsReport.ready}.
   * Console messages and requests are collected from this navigation on.
   */
  public void open(Path file) {
    synchronized (this) {
      console.clear();
      requests.clear();
    }
    pageUrl = file.toAbsolutePath().toUri().toString();
    loaded = new CompletableFuture<>();
    send(page, "Page.navigate", JSON.createObjectNode().put("url", pageUrl));
    await(loaded, "the load event of " + pageUrl);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String ready = "location.href === " + JSON.getNodeFactory().textNode(pageUrl)
        + " && !!(window.mlopsReport && window.mlopsReport.ready)";
    while (!evaluate(ready).asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the report never became ready; console: " + consoleMessages());
      }
      sleep(25);
    }
    loadMillis = evaluate("window.mlopsReport.readyAt || performance.now()").asDouble();
  }

  /** From the navigation's start to the report's ready, in milliseconds, as the page measured it. */
  public double loadMillis() {
    return loadMillis;
  }

  /**
   * The value of {@code js} (awaited if a promise), as JSON; a missing node for {@code undefined}.
   *
   * @throws AssertionError if the expression throws
   */
  public JsonNode evaluate(String js) {
    ObjectNode params = JSON.createObjectNode().put("expression", js).put("returnByValue", true)
        .put("awaitPromise", true);
    JsonNode result = send(page, "Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new AssertionError("the page threw on " + js + ": " + result.get("exceptionDetails"));
    }
    JsonNode value = result.path("result");
    return value.has("value") ? value.get("value") : MissingNode.getInstance();
  }

  /** A PNG of the whole page (beyond the viewport), at most 16,000 CSS pixels high. */
  public void screenshot(Path png) {
    JsonNode size = send(page, "Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.putObject("clip").put("x", 0).put("y", 0)
        .put("width", Math.max(1, size.path("width").asDouble(1400)))
        .put("height", Math.min(16_000, Math.max(1, size.path("height").asDouble(1000))))
        .put("scale", 1);
    String data = send(page, "Page.captureScreenshot", params).path("data").asText();
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Console errors and warnings, uncaught exceptions and error log entries of the open page. */
  public synchronized List<String> consoleMessages() {
    return List.copyOf(console);
  }

  /** Every URL the page requested other than its own file and {@code data:} URLs. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    try {
      if (browser != null) {
        browser.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (RuntimeException | InterruptedException e) {
      // killed below
    } finally {
      try (Stream<ProcessHandle> children = process.descendants()) {
        children.forEach(ProcessHandle::destroyForcibly);
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed")));
      deleteTree(profile);
    }
  }

  private JsonNode send(WebSocket socket, String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    synchronized (socket) {
      await(socket.sendText(message.toString(), true), method);
    }
    JsonNode answer = await(reply, method);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private void onMessage(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
          List<String> args = new ArrayList<>();
          params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
              : a.path("description").asText()));
          record("console." + type + ": " + String.join(" ", args));
        }
      }
      case "Runtime.exceptionThrown" -> record("exception: " + params.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        JsonNode entry = params.path("entry");
        if (entry.path("level").asText().equals("error")) {
          record("log " + entry.path("source").asText() + ": " + entry.path("text").asText()
              + " " + entry.path("url").asText(""));
        }
      }
      case "Network.requestWillBeSent" -> {
        String url = params.path("request").path("url").asText();
        if (!url.equals(pageUrl) && !url.startsWith("data:")) {
          synchronized (this) {
            requests.add(url);
          }
        }
      }
      default -> { }
    }
  }

  private synchronized void record(String line) {
    console.add(line);
  }

  private String stderr() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  private <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Chromium did not answer " + what + "; its stderr:\n" + stderr(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // Chromium may still be writing; try again
      }
      if (Files.exists(root)) {
        sleep(200);
      }
    }
  }

  /** Joins a message's fragments and hands whole messages to {@link #onMessage}. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder parts = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      parts.append(data);
      if (last) {
        String text = parts.toString();
        parts.setLength(0);
        try {
          onMessage(JSON.readTree(text));
        } catch (IOException e) {
          record("unreadable DevTools message: " + e);
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
