package io.github.sparkmlops.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pages the docs tests check, README.md, BENCHMARKS.md and docs/**&#47;*.md, and the fenced
 * code blocks in them. Fences follow CommonMark closely enough for these pages: a line that starts (after its
 * indentation) with three or more backticks or tildes opens a block, and a line of at least as
 * many of the same character closes it.
 */
final class MarkdownPages {

  private MarkdownPages() {}

  /** A fenced code block: where it opens and closes (0-based line indexes), its language. */
  record Fence(int open, int close, String language, String indent) {

    /** The lines between the fences, without the indentation of the opening fence. */
    List<String> content(List<String> lines) {
      List<String> content = new ArrayList<>();
      for (String line : lines.subList(open + 1, close)) {
        int strip = 0;
        while (strip < indent.length() && strip < line.length() && line.charAt(strip) == ' ') {
          strip++;
        }
        content.add(line.substring(strip));
      }
      return content;
    }
  }

  /**
   * The repository's root: the examples module's parent. Surefire runs in the module's folder;
   * an IDE may run in the root itself, so both are accepted.
   */
  static Path root() {
    Path dir = Paths.get("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("README.md"))
          && Files.isRegularFile(candidate.resolve("examples/pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no repository root (README.md beside examples/pom.xml) at "
        + dir + " or above");
  }

  /** README.md, BENCHMARKS.md and every Markdown file under docs/, in a stable order. */
  static List<Path> pages(Path root) {
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"),
        root.resolve("BENCHMARKS.md")));
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.walk(docs)) {
        files.filter(f -> f.toString().endsWith(".md") && Files.isRegularFile(f)).sorted()
            .forEach(pages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a page is generated from the code: its first line says so. */
  static boolean generated(List<String> lines) {
    return !lines.isEmpty() && lines.get(0).startsWith("<!-- Generated ");
  }

  /** The fenced blocks of a page; one left open runs to the end of the page, as CommonMark says. */
  static List<Fence> fences(List<String> lines) {
    List<Fence> fences = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.stripLeading();
      String marker = fenceMarker(trimmed);
      if (marker == null) {
        continue;
      }
      String indent = line.substring(0, line.length() - trimmed.length());
      String info = trimmed.substring(marker.length()).trim();
      String language = info.isEmpty() ? "" : info.split("\\s+")[0];
      int close = i + 1;
      while (close < lines.size() && !closes(lines.get(close).strip(), marker)) {
        close++;
      }
      fences.add(new Fence(i, close, language, indent));
      i = close;
    }
    return fences;
  }

  /** Whether each line is inside a fenced block, fences included. */
  static boolean[] inFence(List<String> lines) {
    boolean[] inside = new boolean[lines.size()];
    for (Fence fence : fences(lines)) {
      for (int i = fence.open(); i <= Math.min(fence.close(), lines.size() - 1); i++) {
        inside[i] = true;
      }
    }
    return inside;
  }

  private static String fenceMarker(String trimmed) {
    for (char c : new char[] {'`', '~'}) {
      int n = 0;
      while (n < trimmed.length() && trimmed.charAt(n) == c) {
        n++;
      }
      if (n >= 3) {
        return trimmed.substring(0, n);
      }
    }
    return null;
  }

  private static boolean closes(String stripped, String marker) {
    String closing = fenceMarker(stripped);
    return closing != null && closing.charAt(0) == marker.charAt(0)
        && closing.length() >= marker.length() && closing.length() == stripped.length();
  }
}
