package io.github.sparkmlops.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/ resolves: {@code [x](path)}, {@code [x](path#anchor)},
 * {@code [x](#anchor)}, {@code ![x](path)} and reference definitions {@code [x]: path}. The file
 * must exist, and an anchor must be a heading of the target page under GitHub's rules (see {@link
 * #slug}) or an explicit {@code <a id="...">}. Links with a scheme (http, https, mailto) are not
 * fetched: the build has no network. Links in code blocks and inline code are not links.
 */
class DocLinksTest {

  // [text](target) or ![alt](target), with an optional "title"; the text may hold one level of []
  private static final Pattern INLINE = Pattern.compile(
      "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]"
          + "\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern DEFINITION =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?.*$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
  private static final Pattern HEADING =
      Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
  private static final Pattern EXPLICIT_ANCHOR =
      Pattern.compile("<a\\s+(?:[^>]*\\s)?(?:id|name)\\s*=\\s*\"([^\"]+)\"",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  @Test
  void everyRelativeLinkAndAnchorResolves() {
    Path root = MarkdownPages.root();
    List<String> broken = new ArrayList<>();
    for (Path page : MarkdownPages.pages(root)) {
      List<String> lines = MarkdownPages.read(page);
      boolean[] code = MarkdownPages.inFence(lines);
      for (int i = 0; i < lines.size(); i++) {
        if (code[i]) {
          continue;
        }
        for (String target : targets(lines.get(i))) {
          String problem = problem(root, page, target);
          if (problem != null) {
            broken.add(root.relativize(page) + ":" + (i + 1) + ": " + target + ": " + problem);
          }
        }
      }
    }
    if (!broken.isEmpty()) {
      fail(broken.size() + " broken link(s) in README.md and docs/:\n  "
          + String.join("\n  ", broken));
    }
  }

  @Test
  void slugsFollowGitHub() {
    Map<String, Integer> seen = new HashMap<>();
    assertEquals("reading-the-store-back", slug("Reading the store back", seen));
    assertEquals("health-drift-anomalies-gates", slug("Health: drift, anomalies, gates", seen));
    assertEquals("the-mlops-data-source", slug("The `mlops` data source", seen));
    assertEquals("spark-connect", slug("[Spark Connect](#x)", seen));
    assertEquals("spark_mlops-v01--and-more", slug("**spark_mlops** v0.1 — and more", seen));
    assertEquals("models", slug("Models", seen));
    assertEquals("models-1", slug("Models", seen));
    assertEquals("models-2", slug("Models", seen));
  }

  @Test
  void linksInCodeAreNotLinks() {
    assertEquals(List.of("a.md", "#b", "c.png", "d.md"),
        targets("[a](a.md) `[x](nowhere.md)` [b](#b \"title\") ![c](c.png) [`e`](d.md)"));
    assertEquals(List.of("docs/x.md#y"), targets("[x]: docs/x.md#y"));
  }

  /** The link targets of a line outside code blocks, its inline code left out. */
  static List<String> targets(String line) {
    String text = CODE_SPAN.matcher(line).replaceAll("code");
    List<String> targets = new ArrayList<>();
    Matcher definition = DEFINITION.matcher(text);
    if (definition.matches()) {
      targets.add(definition.group(1));
    }
    Matcher inline = INLINE.matcher(text);
    while (inline.find()) {
      targets.add(inline.group(1));
    }
    return targets;
  }

  /** What is wrong with {@code target} on {@code page}, or null when it resolves. */
  private String problem(Path root, Path page, String target) {
    if (target.isEmpty()) {
      return "an empty link";
    }
    if (SCHEME.matcher(target).matches()) {
      return null;
    }
    int hash = target.indexOf('#');
    String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash),
        StandardCharsets.UTF_8);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!Files.exists(file)) {
      return "no file " + root.relativize(file);
    }
    if (anchor == null) {
      return null;
    }
    if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
      return "an anchor into a file that is not a Markdown page";
    }
    Set<String> known = anchors.computeIfAbsent(file, DocLinksTest::anchorsOf);
    return known.contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8)) ? null
        : "no heading or <a id> " + anchor + " in " + root.relativize(file);
  }

  /** The anchors GitHub gives a page: its headings' slugs and its explicit {@code <a id>}s. */
  private static Set<String> anchorsOf(Path page) {
    List<String> lines = MarkdownPages.read(page);
    boolean[] code = MarkdownPages.inFence(lines);
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (code[i]) {
        continue;
      }
      Matcher heading = HEADING.matcher(lines.get(i));
      if (heading.matches()) {
        anchors.add(slug(heading.group(2), seen));
      }
      Matcher explicit = EXPLICIT_ANCHOR.matcher(lines.get(i));
      while (explicit.find()) {
        anchors.add(explicit.group(1));
      }
    }
    return anchors;
  }

  /**
   * GitHub's anchor for a heading: its text as rendered (no code ticks, link targets, emphasis or
   * HTML tags), lowercased, without punctuation other than {@code -} and {@code _}, spaces turned
   * into {@code -}; the second heading with the same slug gets {@code -1}, the third {@code -2}.
   */
  static String slug(String heading, Map<String, Integer> seen) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("<[^>]+>", "")
        .replace("`", "").replace("*", "");
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
        .replace(' ', '-');
    int count = seen.merge(slug, 1, Integer::sum);
    return count == 1 ? slug : slug + "-" + (count - 1);
  }
}
