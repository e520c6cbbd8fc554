package io.github.sparkmlops;

import io.github.sparkmlops.internal.config.ConfigKey;
import io.github.sparkmlops.internal.config.ConfigKeys;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.StoreTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The reference pages under {@code docs/reference/}, rendered as GitHub Markdown from what the
 * code declares: the settings ({@link ConfigKeys}), the store's tables and views (their specs and
 * column meanings) and the public API listings ({@code api/public-api.txt}). Documentation
 * tooling, so it lives with the tests; {@code ReferencePagesTest} keeps the pages equal to it.
 */
final class ReferencePages {

  /** The command that rewrites the pages, named on each page and in a failing test. */
  static final String REGENERATE =
      "mvn -pl spark-mlops-core test -Dtest=ReferencePagesTest -Ddocs.update=true";

  private ReferencePages() {}

  /** {@code docs/reference/configuration.md}. */
  static String configuration() {
    StringBuilder b = new StringBuilder(generatedFrom("`ConfigKeys` (spark-mlops-core, "
        + "`io.github.sparkmlops.internal.config`)"));
    b.append("# Configuration\n\n")
        .append("All settings are Spark configuration (`--conf`, `SparkSession.builder().config`,"
            + " or `spark.conf.set` before `MLOps.init`). Durations take Spark's time strings,"
            + " such as `500ms`, `10s` or `2min`, and sizes Spark's size strings, such as `512k`,"
            + " `64m` or `1g`. A malformed value is an `IllegalArgumentException` naming the key."
            + " A `spark.mlops.*` key that is not listed here is logged as a warning, since it is"
            + " most likely a typo. A key with `<...>` in it stands for many: the part in angle"
            + " brackets is yours to choose.\n\n")
        .append("| key | type | default | unit | meaning |\n|---|---|---|---|---|\n");
    for (ConfigKey key : ConfigKeys.ALL) {
      String type = key.type() == ConfigKey.Type.ENUM
          ? "enum: " + key.values().stream().map(ReferencePages::code)
              .collect(Collectors.joining(", "))
          : key.type().label();
      b.append(row(code(key.key()), type,
          key.defaultValue().map(ReferencePages::code).orElse(key.defaultNote()), key.unit(),
          key.meaning()));
    }
    b.append("\nThe Hadoop configuration of the SparkContext (credentials, filesystem settings)"
        + " applies to the store. Parquet files are Snappy-compressed unless"
        + " `parquet.compression` says otherwise.\n");
    return b.toString();
  }

  /** {@code docs/reference/store-tables.md}. */
  static String storeTables() {
    StringBuilder b = new StringBuilder(generatedFrom("the table specs (`StoreTable`, "
        + "`io.github.sparkmlops.internal.store`) and the views (`StoreView`, "
        + "`io.github.sparkmlops.internal.model`) of spark-mlops-core"));
    b.append("# Store tables\n\n")
        .append("Under the store root there is one Delta table per kind, in a folder of its name."
            + " Every table is partitioned by `date`, the UTC date of `time`, and starts with the"
            + " same context columns. Columns are only ever added, at the end and nullable: rows"
            + " written before a column existed read it as null. Read a table with"
            + " `spark.read().format(\"mlops\").option(\"table\", \"<name>\")`, as `mlops.<name>`"
            + " in the catalog, or with `format(\"delta\")` on its folder. The views are not"
            + " stored: they are folded from the tables when read, and read the same way but for"
            + " `format(\"delta\")`.\n\n");
    for (StoreTable table : StoreTable.values()) {
      b.append("- [`").append(table.directory()).append("`](#").append(table.directory())
          .append(")\n");
    }
    for (StoreView view : StoreView.values()) {
      b.append("- [`").append(view.viewName()).append("`](#").append(view.viewName())
          .append("-view) (view)\n");
    }
    for (StoreTable table : StoreTable.values()) {
      b.append("\n## `").append(table.directory()).append("`\n\n").append(table.meaning())
          .append("\n\n");
      columns(b, table.sparkSchema(), table.spec().meanings(), table.spec().partitionColumns());
    }
    for (StoreView view : StoreView.values()) {
      b.append("\n## `").append(view.viewName()).append("` view\n\n").append(view.meaning())
          .append("\n\n");
      columns(b, view.sparkSchema(), view.meanings(), List.of());
    }
    return b.toString();
  }

  private static void columns(StringBuilder b, StructType schema, Map<String, String> meanings,
      List<String> partitionedBy) {
    b.append("| column | type | nullable | meaning |\n|---|---|---|---|\n");
    for (StructField field : schema.fields()) {
      String name = code(field.name())
          + (partitionedBy.contains(field.name()) ? " (partition)" : "");
      b.append(row(name, code(field.dataType().simpleString()), field.nullable() ? "yes" : "no",
          meanings.get(field.name())));
    }
  }

  /** A member's declaring type before its name: {@code io.github.sparkmlops.MLOps.flush(}. */
  private static final String DECLARED = "(?<=[ ])%s\\.(?=[\\w$]+(\\(|$))";

  /**
   * {@code docs/reference/public-api.md}, from the listings of each module (module name to the
   * listing's lines), as {@code HouseRules} writes them: a line {@code type: modifiers} per type,
   * and a line {@code "  type member"} per member.
   */
  static String publicApi(Map<String, List<String>> listings) {
    StringBuilder b = new StringBuilder(generatedFrom("`api/public-api.txt` of spark-mlops-core "
        + "and spark-mlops-sql (written by `ArchitectureTest` with `-Dapi.update=true`)"));
    b.append("# Public API\n\n")
        .append("Every public type and its public and protected members, by package. Anything"
            + " under an `internal` package is not API and may change in any release. The build"
            + " fails when the API changes without its listing, so this page is the API as"
            + " built.\n");
    listings.forEach((module, lines) -> {
      Map<String, String> headers = new TreeMap<>();
      Map<String, List<String>> members = new LinkedHashMap<>();
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("  ")) {
          String member = line.substring(2);
          int space = member.indexOf(' ');
          members.computeIfAbsent(member.substring(0, space), t -> new ArrayList<>())
              .add(member.substring(space + 1));
        } else {
          int colon = line.indexOf(':');
          headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
      String pkg = null;
      for (Map.Entry<String, String> type : headers.entrySet()) {
        String name = type.getKey();
        String typePackage = name.substring(0, name.lastIndexOf('.'));
        if (!typePackage.equals(pkg)) {
          pkg = typePackage;
          b.append("\n## `").append(pkg).append("` (").append(module).append(")\n");
        }
        String simple = name.substring(pkg.length() + 1).replace('$', '.');
        b.append("\n### ").append(simple).append("\n\n");
        if (!type.getValue().isEmpty()) {
          b.append(code(readable(type.getValue(), pkg))).append("\n\n");
        }
        List<String> declared = members.getOrDefault(name, List.of());
        if (!declared.isEmpty()) {
          b.append("```java\n");
          Pattern own = Pattern.compile(String.format(DECLARED, Pattern.quote(name)));
          String constructor = simple.substring(simple.lastIndexOf('.') + 1);
          String inPackage = pkg;
          declared.stream()
              .map(m -> own.matcher(m).replaceAll("").replace("<init>(", constructor + "("))
              .map(m -> readable(m, inPackage))
              .sorted(Comparator.comparing(ReferencePages::memberName)
                  .thenComparing(Comparator.naturalOrder()))
              .forEach(m -> b.append(m).append('\n'));
          b.append("```\n");
        }
      }
    });
    return b.toString();
  }

  /**
   * Without the package before the types of {@code java.lang} and of the package itself, and with
   * a space after each comma; a nested type named as in source ({@code Event.Builder}).
   */
  private static String readable(String signature, String pkg) {
    return signature.replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "")
        .replaceAll("\\b" + Pattern.quote(pkg + ".") + "(?=[A-Z])", "")
        .replaceAll(",(?! )", ", ")
        .replace('$', '.');
  }

  /** A member's name: the word before its parameters, or a field's last word. */
  private static String memberName(String member) {
    int paren = member.indexOf('(');
    String head = paren < 0 ? member : member.substring(0, paren);
    return head.substring(head.lastIndexOf(' ') + 1);
  }

  private static String generatedFrom(String source) {
    return "<!-- Generated from " + source + " by ReferencePagesTest: do not edit. Regenerate with"
        + " `" + REGENERATE + "`. -->\n";
  }

  private static String row(String... cells) {
    StringBuilder b = new StringBuilder("|");
    for (String cell : cells) {
      b.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    return b.append('\n').toString();
  }

  /** A code span, with enough backticks for a value that holds one. */
  private static String code(String text) {
    Matcher longest = Pattern.compile("`+").matcher(text);
    int ticks = 0;
    while (longest.find()) {
      ticks = Math.max(ticks, longest.group().length());
    }
    String fence = "`".repeat(ticks + 1);
    return ticks == 0 ? fence + text + fence : fence + " " + text + " " + fence;
  }
}
