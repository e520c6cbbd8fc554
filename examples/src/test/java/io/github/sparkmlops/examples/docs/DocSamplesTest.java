package io.github.sparkmlops.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkmlops.examples.docs.MarkdownPages.Fence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java and Scala block of README.md and docs/ is a region of a source file the build
 * compiles, so no sample rots. The line before each {@code ```java} or {@code ```scala} fence is
 * {@code <!-- sample: examples/src/main/java/.../File.java#name -->} (the path from the repository
 * root), and the fence holds the lines between {@code // sample: name} and
 * {@code // end sample: name} of that file, without their common indentation.
 *
 * <p>A generated page (its first line {@code <!-- Generated ...}: the reference pages) is left
 * out: its code blocks are listings, which the test that generates the page checks.
 *
 * <p>With {@code -Ddocs.update=true} it rewrites every marked fence from its region instead of
 * failing on a difference: write the marker and an empty fence, and let it fill the fence.
 */
class DocSamplesTest {

  static final String UPDATE = "mvn -pl examples -am test -Dtest=DocSamplesTest"
      + " -Ddocs.update=true -Dsurefire.failIfNoSpecifiedTests=false";

  private static final Pattern MARKER =
      Pattern.compile("<!--\\s*sample:\\s*(\\S+)#([a-z0-9-]+)\\s*-->");
  private static final Pattern REGION_START = Pattern.compile("^\\s*// sample: ([a-z0-9-]+)\\s*$");
  private static final Pattern REGION_END =
      Pattern.compile("^\\s*// end sample: ([a-z0-9-]+)\\s*$");

  @Test
  void everyJavaAndScalaBlockIsACompiledRegion() throws IOException {
    Path root = MarkdownPages.root();
    boolean update = Boolean.getBoolean("docs.update");
    List<String> problems = new ArrayList<>();
    for (Path page : MarkdownPages.pages(root)) {
      List<String> lines = new ArrayList<>(MarkdownPages.read(page));
      if (MarkdownPages.generated(lines)) {
        continue;
      }
      List<String> pageProblems = new ArrayList<>();
      String where = root.relativize(page).toString();
      boolean changed = false;
      // from the last fence up, so that rewriting one keeps the line numbers of those above it
      List<Fence> fences = MarkdownPages.fences(lines);
      for (int f = fences.size() - 1; f >= 0; f--) {
        Fence fence = fences.get(f);
        if (!fence.language().equals("java") && !fence.language().equals("scala")) {
          continue;
        }
        String at = where + ":" + (fence.open() + 1);
        Matcher marker =
            fence.open() == 0 ? null : MARKER.matcher(lines.get(fence.open() - 1).strip());
        if (marker == null || !marker.matches()) {
          pageProblems.add(0, at + ": a ```" + fence.language() + " block needs the line before"
              + " it to be <!-- sample: examples/src/main/.../File." + fence.language()
              + "#name -->");
          continue;
        }
        List<String> region;
        try {
          region = region(root, marker.group(1), marker.group(2));
        } catch (IllegalArgumentException e) {
          pageProblems.add(0, at + ": " + e.getMessage());
          continue;
        }
        if (fence.close() >= lines.size()) {
          pageProblems.add(0, at + ": the block is never closed");
        } else if (!fence.content(lines).equals(region)) {
          if (update) {
            List<String> body = lines.subList(fence.open() + 1, fence.close());
            body.clear();
            region.forEach(line -> body.add(line.isEmpty() ? "" : fence.indent() + line));
            changed = true;
          } else {
            pageProblems.add(0, at + ": differs from " + marker.group(1) + "#" + marker.group(2)
                + firstDifference(fence.content(lines), region, fence.open() + 2));
          }
        }
      }
      problems.addAll(pageProblems);
      if (changed) {
        Files.write(page, lines);
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " sample(s) of the docs are not their compiled regions:\n  "
          + String.join("\n  ", problems)
          + "\nFix the marker, or write the sample in its file and rewrite the pages from the "
          + "regions with:\n  " + UPDATE);
    }
  }

  @Test
  void aRegionIsItsLinesWithoutTheirCommonIndentation() throws IOException {
    Path file = Files.createTempFile("Sample", ".java");
    try {
      Files.write(file, List.of("class A {", "  void f() {", "    // sample: two", "    int a = 1;",
          "", "      a++;", "    // end sample: two", "  }", "}"));
      assertEquals(List.of("int a = 1;", "", "  a++;"),
          region(file.getParent(), file.getFileName().toString(), "two"));
      IllegalArgumentException missing = assertThrows(
          IllegalArgumentException.class,
          () -> region(file.getParent(), file.getFileName().toString(), "three"));
      assertTrue(missing.getMessage().contains("no region three"), missing.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void aFenceIsFoundWithItsLanguageAndMarker() {
    List<String> page = List.of("# T", "<!-- sample: a/B.java#x -->", "```java", "int a;", "```",
        "````", "```scala", "````", "```scala");
    List<Fence> fences = MarkdownPages.fences(page);
    assertEquals(List.of("java", "", "scala"), fences.stream().map(Fence::language).toList());
    assertEquals(List.of("int a;"), fences.get(0).content(page));
    assertEquals(List.of("```scala"), fences.get(1).content(page));
    assertEquals(page.size(), fences.get(2).close(), "an unclosed fence runs to the end");
    Matcher marker = MARKER.matcher(page.get(1));
    assertTrue(marker.matches());
    assertEquals("a/B.java", marker.group(1));
    assertEquals("x", marker.group(2));
  }

  /**
   * The lines of region {@code name} of {@code path}, without their common indentation (blank
   * lines are empty).
   *
   * @throws IllegalArgumentException naming what is missing: the file, the region or its end, or
   *     naming a region that is there twice
   */
  static List<String> region(Path root, String path, String name) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no file " + path);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = REGION_START.matcher(lines.get(i));
      Matcher close = REGION_END.matcher(lines.get(i));
      if (open.matches() && open.group(1).equals(name)) {
        if (start >= 0) {
          throw new IllegalArgumentException(path + " has region " + name + " twice");
        }
        start = i;
      } else if (close.matches() && close.group(1).equals(name) && start >= 0 && end < 0) {
        end = i;
      }
    }
    if (start < 0) {
      throw new IllegalArgumentException(path + " has no region " + name
          + " (// sample: " + name + " ... // end sample: " + name + ")");
    }
    if (end < 0) {
      throw new IllegalArgumentException(path + ":" + (start + 1) + ": region " + name
          + " has no // end sample: " + name);
    }
    List<String> body = lines.subList(start + 1, end);
    int indent = body.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
  }

  private static String firstDifference(List<String> page, List<String> region, int firstLine) {
    for (int i = 0; i < Math.max(page.size(), region.size()); i++) {
      String p = i < page.size() ? page.get(i) : null;
      String r = i < region.size() ? region.get(i) : null;
      if (p == null || !p.equals(r)) {
        return " at line " + (firstLine + i) + ": the page has "
            + (p == null ? "no line" : "[" + p + "]") + ", the region "
            + (r == null ? "no line" : "[" + r + "]");
      }
    }
    return "";
  }
}
