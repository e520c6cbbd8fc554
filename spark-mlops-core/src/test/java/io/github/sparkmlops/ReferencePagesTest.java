package io.github.sparkmlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkmlops.internal.config.ConfigKey;
import io.github.sparkmlops.internal.config.ConfigKeys;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.StoreTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pages under {@code docs/reference/} are what {@link ReferencePages} renders from the code
 * now. With {@code -Ddocs.update=true} the test rewrites them instead; otherwise a page that
 * differs fails, naming the command that regenerates it.
 */
class ReferencePagesTest {

  /** The repository's {@code docs/reference}: tests run in the module's folder. */
  private static final Path PAGES = Path.of("..", "docs", "reference");

  @Test
  void theConfigurationPageIsGeneratedFromConfigKeys() throws IOException {
    String page = ReferencePages.configuration();
    for (ConfigKey key : ConfigKeys.ALL) {
      assertTrue(page.contains("| `" + key.key() + "` |"), key.key());
    }
    assertPage("configuration.md", page);
  }

  @Test
  void everyStoreColumnHasAMeaning() {
    for (StoreTable table : StoreTable.values()) {
      assertFalse(table.meaning().isBlank(), table.directory());
      assertEquals(List.of(table.sparkSchema().fieldNames()),
          List.copyOf(table.spec().meanings().keySet()), table.directory());
      table.spec().meanings().forEach((column, meaning) ->
          assertFalse(meaning.isBlank(), table.directory() + "." + column));
    }
    for (StoreView view : StoreView.values()) {
      assertFalse(view.meaning().isBlank(), view.viewName());
      assertEquals(List.of(view.sparkSchema().fieldNames()),
          List.copyOf(view.meanings().keySet()), view.viewName());
    }
  }

  @Test
  void theStoreTablesPageIsGeneratedFromTheSpecs() throws IOException {
    String page = ReferencePages.storeTables();
    assertTrue(page.contains("| `date` (partition) | `date` | yes | "), "date is the partition");
    assertPage("store-tables.md", page);
  }

  @Test
  void thePublicApiPageIsGeneratedFromTheListings() throws IOException {
    Map<String, List<String>> listings = new LinkedHashMap<>();
    for (String module : List.of("spark-mlops-core", "spark-mlops-sql")) {
      listings.put(module, Files.readAllLines(
          Path.of("..", module, "api", "public-api.txt"), StandardCharsets.UTF_8));
    }
    String page = ReferencePages.publicApi(listings);
    assertTrue(page.contains("\n### MLOps\n"), "the facade is on the page");
    assertTrue(page.contains("(spark-mlops-sql)"), "the sql module's API is on the page");
    assertPage("public-api.md", page);
  }

  private static void assertPage(String name, String expected) throws IOException {
    Path page = PAGES.resolve(name);
    if (Boolean.getBoolean("docs.update")) {
      Files.createDirectories(PAGES);
      Files.writeString(page, expected, StandardCharsets.UTF_8);
      return;
    }
    Path current = Path.of("target", "reference", name);
    Files.createDirectories(current.getParent());
    Files.writeString(current, expected, StandardCharsets.UTF_8);
    if (!Files.exists(page) || !Files.readString(page, StandardCharsets.UTF_8).equals(expected)) {
      fail("docs/reference/" + name + " is not what the code generates now (see "
          + current.toAbsolutePath() + "). Regenerate the reference pages with\n  "
          + ReferencePages.REGENERATE + "\nand commit them.");
    }
  }
}
