package io.github.sparkmlops.internal.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTML report's page: one self-contained file that draws the report's data (a JSON tree) with
 * uPlot and the page's own script, and makes no network request.
 *
 * <p>The template {@code page.html} (next to this class) receives uPlot's stylesheet, licence and
 * script (unpacked from its WebJar at build time into {@code uplot/}), the page's {@code report.css}
 * and {@code report.js}, and last the data, inside {@code <script type="application/json"
 * id="mlops-data">}. The page's Content-Security-Policy allows inline script and style and
 * {@code data:} images only, so even a bug in the page cannot fetch anything.
 *
 * <p>The data is made safe for its script element: {@code <}, {@code >} and {@code &} become
 * {@code \u003c}, {@code \u003e} and {@code \u0026}, and every character outside printable ASCII
 * becomes its {@code \}{@code uXXXX} escape (U+2028 and U+2029 included). In valid JSON such
 * characters occur only inside strings, where the escape means the same character, so the data
 * parses to the same tree, and nothing in it can close the element. Lone surrogates survive as
 * their escapes. The resources are checked to be ASCII too, so the whole page is pure ASCII: its
 * bytes are the same in any ASCII-compatible charset, and no UTF-8 encoding step can fail on it.
 *
 * <p>The resources are read once, on first use, and the page around the data is cached.
 */
public final class ReportPage {

  private static final String RESOURCES = "/io/github/sparkmlops/internal/report/";
  private static final String DATA = "/*@DATA@*/";

  private static volatile String[] shell;

  private ReportPage() {}

  /**
   * The whole page for {@code dataJson}.
   *
   * @param dataJson the report's data, valid JSON text (see the report data's contract)
   * @return the page, pure ASCII
   * @throws IllegalStateException if the page's resources are missing from the class path
   */
  public static String html(String dataJson) {
    String[] parts = shell();
    String data = escape(dataJson);
    StringBuilder page = new StringBuilder(parts[0].length() + data.length() + parts[1].length());
    return page.append(parts[0]).append(data).append(parts[1]).toString();
  }

  /**
   * {@code json} made safe inside a {@code <script>} element and pure ASCII, same JSON value.
   */
  static String escape(String json) {
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '<' || c == '>' || c == '&' || c > '~' || (c < ' ' && c != '\n' && c != '\r'
          && c != '\t')) {
        if (out == null) {
          out = new StringBuilder(json.length() + 64);
        }
        out.append(json, copied, i).append("\\u");
        String hex = Integer.toHexString(c);
        for (int pad = hex.length(); pad < 4; pad++) {
          out.append('0');
        }
        out.append(hex);
        copied = i + 1;
      }
    }
    return out == null ? json : out.append(json, copied, json.length()).toString();
  }

  /** The page before and after the data; built once. */
  private static String[] shell() {
    String[] parts = shell;
    if (parts == null) {
      synchronized (ReportPage.class) {
        parts = shell;
        if (parts == null) {
          parts = build();
          shell = parts;
        }
      }
    }
    return parts;
  }

  private static String[] build() {
    String page = resource("page.html");
    // Markers are replaced one at a time with plain text (no regex replacement strings), the
    // data marker is left for last: resources cannot introduce a marker the page then fills.
    page = fill(page, "/*@UPLOT_CSS@*/", inlineCss(resource("uplot/uPlot.min.css")));
    page = fill(page, "/*@REPORT_CSS@*/", inlineCss(resource("report.css")));
    page = fill(page, "/*@UPLOT_LICENSE@*/", licenceComment(resource("uplot/LICENSE")));
    page = fill(page, "/*@UPLOT_JS@*/", inlineScript(resource("uplot/uPlot.iife.min.js")));
    page = fill(page, "/*@REPORT_JS@*/", inlineScript(resource("report.js")));
    int at = page.indexOf(DATA);
    if (at < 0 || page.indexOf(DATA, at + 1) >= 0) {
      throw new IllegalStateException("page.html must hold the data marker once");
    }
    return new String[] {page.substring(0, at), page.substring(at + DATA.length())};
  }

  private static String fill(String page, String marker, String text) {
    int at = page.indexOf(marker);
    if (at < 0 || page.indexOf(marker, at + 1) >= 0) {
      throw new IllegalStateException("page.html must hold " + marker + " once");
    }
    return page.substring(0, at) + text + page.substring(at + marker.length());
  }

  private static String inlineScript(String js) {
    String lower = js.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("<script") || lower.contains("</script") || lower.contains("<!--")) {
      throw new IllegalStateException(
          "a script resource cannot be inlined: it holds <script, </script or <!--");
    }
    return js;
  }

  private static String inlineCss(String css) {
    if (css.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
      throw new IllegalStateException("a stylesheet resource cannot be inlined: it holds </style");
    }
    return css;
  }

  private static String licenceComment(String licence) {
    if (licence.contains("*/")) {
      throw new IllegalStateException("uPlot's licence cannot go in a script comment");
    }
    return "/*\nuPlot 1.6.30, inlined below under its licence:\n\n" + inlineScript(licence).strip()
        + "\n*/";
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("no report resource " + RESOURCES + name
            + " on the class path (uplot/ is unpacked by the build's maven-dependency-plugin)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c > '~' || (c < ' ' && c != '\n' && c != '\r' && c != '\t')) {
          throw new IllegalStateException("report resource " + name + " is not printable ASCII at "
              + i);
        }
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
