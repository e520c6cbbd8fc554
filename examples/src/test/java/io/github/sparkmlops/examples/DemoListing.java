package io.github.sparkmlops.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's listing as README.md shows it, compared by shape with what the demo printed, so that
 * the README's copy cannot go stale.
 *
 * <p>The README's copy is the {@code ```text} block on the line after {@code <!-- demo-output -->}.
 * Two listings have the same shape when they have the same lines once numbers are set aside (every
 * number reads {@code #}: counts and scores vary from run to run), runs of spaces count as one and
 * the paths after {@code store:} and {@code report:} are left out. The README may leave out
 * indented rows (stats, events), marking the place with a line {@code …}; every other line the
 * demo prints, it shows.
 */
final class DemoListing {

  static final String MARKER = "<!-- demo-output -->";
  private static final String FENCE = "```text";
  private static final String ELIDED = "…";

  private DemoListing() {}

  /** The README's copy of the listing, line by line. */
  static List<String> fromReadme(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int marker = lines.indexOf(MARKER);
    if (marker < 0 || marker + 1 >= lines.size() || !lines.get(marker + 1).equals(FENCE)) {
      throw new AssertionError(readme + " must show the demo's listing in a " + FENCE
          + " block on the line after " + MARKER);
    }
    int end = lines.subList(marker + 2, lines.size()).indexOf("```");
    if (end < 0) {
      throw new AssertionError("the demo's listing in " + readme + " has no closing ```");
    }
    return lines.subList(marker + 2, marker + 2 + end);
  }

  /**
   * How the README's listing differs in shape from {@code printed} (the demo's standard output),
   * one sentence each; empty when it does not.
   */
  static List<String> differences(List<String> readme, List<String> printed) {
    List<String> differences = new ArrayList<>();
    int next = 0;
    boolean elided = false;
    for (String shown : readme) {
      if (shown.strip().equals(ELIDED)) {
        elided = true;
        continue;
      }
      int match = next;
      while (match < printed.size() && !shape(printed.get(match)).equals(shape(shown))) {
        match++;
      }
      if (match == printed.size()) {
        differences.add("README shows \"" + shown + "\", which the demo did not print"
            + (next > 0 ? " after \"" + printed.get(next - 1) + "\"" : ""));
        continue;
      }
      differences.addAll(leftOut(printed.subList(next, match), elided));
      next = match + 1;
      elided = false;
    }
    differences.addAll(leftOut(printed.subList(next, printed.size()), elided));
    return differences;
  }

  /** What it is wrong to leave out of the README among {@code skipped}, printed lines. */
  private static List<String> leftOut(List<String> skipped, boolean elided) {
    List<String> differences = new ArrayList<>();
    for (String line : skipped) {
      if (!line.startsWith(" ")) {
        differences.add("the demo printed \"" + line + "\", which README does not show");
      } else if (!elided) {
        differences.add("README leaves out the row \"" + line + "\" without a " + ELIDED
            + " line in its place");
      }
    }
    return differences;
  }

  /** A line with its numbers as {@code #}, its spaces collapsed and any path left out. */
  static String shape(String line) {
    String shape = (line.startsWith(" ") ? "  " : "") + line.strip()
        .replaceAll("\\d+(\\.\\d+)?", "#").replaceAll("\\s+", " ");
    for (String pathLine : List.of("store: ", "report: ")) {
      if (shape.startsWith(pathLine)) {
        return pathLine + ELIDED;
      }
    }
    return shape;
  }
}
