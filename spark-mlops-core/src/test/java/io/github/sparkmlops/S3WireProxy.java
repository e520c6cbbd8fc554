package io.github.sparkmlops;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 proxy on loopback in front of an S3 server, which lets a test act on the wire:
 * it records every request, and a request a test picks can first run something else (another
 * writer's commit, say) or be answered by the proxy itself (a 409, say) instead of the server.
 * Each request is forwarded on a connection of its own; the client's connection is kept alive.
 */
public final class S3WireProxy implements AutoCloseable {

  /** A request as the proxy received it; header names in lower case. */
  public record Request(String method, String target, Map<String, String> headers, int bodyLength) {

    /** The request's path, without its query. */
    public String path() {
      int query = target.indexOf('?');
      return query < 0 ? target : target.substring(0, query);
    }

    /** The request's query, or "". */
    public String query() {
      int query = target.indexOf('?');
      return query < 0 ? "" : target.substring(query + 1);
    }

    /** A header's value, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What is done once to the first request a test's predicate picks. */
  @FunctionalInterface
  public interface Action {
    /** Runs before the request is forwarded; a non-null answer is sent instead of forwarding. */
    Answer before(Request request) throws Exception;
  }

  /** An answer the proxy gives itself. */
  public record Answer(int status, String reason, String body) {}

  private record Intercept(Predicate<Request> which, Action action) {}

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "s3-wire-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Intercept> intercepts = new CopyOnWriteArrayList<>();

  /** Starts a proxy for the server at {@code upstreamPort} on loopback. */
  public S3WireProxy(int upstreamPort) {
    this.upstreamHost = InetAddress.getLoopbackAddress().getHostAddress();
    this.upstreamPort = upstreamPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    connections.execute(this::accept);
  }

  /** The proxy's endpoint URL. */
  public String endpoint() {
    return "http://" + upstreamHost + ":" + server.getLocalPort();
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Runs {@code action} on the first request from now on that {@code which} accepts. */
  public void once(Predicate<Request> which, Action action) {
    intercepts.add(new Intercept(which, action));
  }

  /** Forgets the recorded requests and any action not run yet. */
  public void reset() {
    requests.clear();
    intercepts.clear();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    connections.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head == null) {
          return;
        }
        String[] requestLine = head.get(0).split(" ", 3);
        Map<String, String> headers = headers(head);
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        byte[] body = readBody(in, headers, false);
        Request request = new Request(requestLine[0], requestLine[1], headers, body.length);
        requests.add(request);
        Answer answer = null;
        for (Intercept intercept : intercepts) {
          if (intercept.which().test(request) && intercepts.remove(intercept)) {
            answer = intercept.action().before(request);
            break;
          }
        }
        if (answer != null) {
          byte[] text = answer.body().getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 " + answer.status() + " " + answer.reason() + "\r\n"
              + "Content-Type: application/xml\r\nContent-Length: " + text.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(text);
        } else {
          forward(head, body, request, out);
        }
        out.flush();
      }
    } catch (Exception e) {
      // the client went away, or the test's action failed: the client sees the connection close
    }
  }

  private void forward(List<String> head, byte[] body, Request request, OutputStream client)
      throws IOException {
    try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
      OutputStream out = upstream.getOutputStream();
      StringBuilder text = new StringBuilder(head.get(0)).append("\r\n");
      for (String line : head.subList(1, head.size())) {
        String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
        if (!List.of("connection", "expect", "transfer-encoding", "content-length").contains(name)) {
          text.append(line).append("\r\n");
        }
      }
      text.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();

      InputStream in = new BufferedInputStream(upstream.getInputStream());
      List<String> responseHead = readHead(in);
      if (responseHead == null) {
        throw new IOException("no answer from upstream to " + request);
      }
      int status = Integer.parseInt(responseHead.get(0).split(" ")[1]);
      boolean bodiless = request.method().equals("HEAD") || status == 204 || status == 304;
      Map<String, String> headers = headers(responseHead);
      byte[] responseBody = bodiless ? new byte[0] : readBody(in, headers, true);
      StringBuilder response = new StringBuilder(responseHead.get(0)).append("\r\n");
      for (String line : responseHead.subList(1, responseHead.size())) {
        String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
        boolean framing = name.equals("connection") || name.equals("transfer-encoding")
            || (!bodiless && name.equals("content-length"));
        if (!framing) {
          response.append(line).append("\r\n");
        }
      }
      if (!bodiless) {
        response.append("Content-Length: ").append(responseBody.length).append("\r\n");
      }
      response.append("\r\n");
      client.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      client.write(responseBody);
    }
  }

  /** The lines of a message's head, or null at the end of the stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine(in);
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (lines.isEmpty()) {
          continue;
        }
        return lines;
      }
      lines.add(line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static Map<String, String> headers(List<String> head) {
    Map<String, String> headers = new TreeMap<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return headers;
  }

  private static byte[] readBody(InputStream in, Map<String, String> headers, boolean toEnd)
      throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        int length = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (length == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(length));
        readLine(in);
      }
    }
    String length = headers.get("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    return toEnd ? in.readAllBytes() : new byte[0];
  }
}
