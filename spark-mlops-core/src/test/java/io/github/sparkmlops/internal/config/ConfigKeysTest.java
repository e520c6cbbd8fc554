package io.github.sparkmlops.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkmlops.internal.compat.SparkSeam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ConfigKeys} lists every setting the code reads, with the defaults the code applies. */
class ConfigKeysTest {

  /** A string literal that starts with the prefix, up to the first character a key cannot have. */
  private static final Pattern LITERAL = Pattern.compile("\"(spark\\.mlops\\.[A-Za-z0-9_.]*)");

  /** The main sources of the modules whose code reads settings (tests run in a module's folder). */
  private static final List<Path> SOURCES =
      List.of(Path.of("src/main/java"), Path.of("../spark-mlops-sql/src/main/java"));

  private static MLOpsConfig read(Map<String, String> conf) {
    return MLOpsConfig.from(conf, "app", "file:/tmp/warehouse");
  }

  @Test
  void everyKeyTheMainSourcesSpellIsListed() throws IOException {
    List<String> unlisted = new ArrayList<>();
    int found = 0;
    for (Path root : SOURCES) {
      assertTrue(Files.isDirectory(root), "no " + root.toAbsolutePath());
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(p -> p.toString().endsWith(".java")).toList();
      }
      for (Path file : files) {
        Matcher m = LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          found++;
          String literal = m.group(1);
          // a prefix ("spark.mlops.", "spark.mlops.fallback.") must lead to listed keys
          boolean listed = literal.endsWith(".")
              ? ConfigKeys.keys().stream().anyMatch(k -> k.startsWith(literal))
              : ConfigKeys.isKnown(literal);
          if (!listed) {
            unlisted.add(file + ": " + literal);
          }
        }
      }
    }
    assertTrue(found > 30, "the scan found only " + found + " keys: is it looking at the sources?");
    assertEquals(List.of(), unlisted, "keys in the code that ConfigKeys does not list");
  }

  @Test
  void everyFallbackSettingIsListed() {
    for (SparkSeam seam : SparkSeam.values()) {
      assertTrue(ConfigKeys.keys().contains(seam.setting()), seam.setting());
    }
  }

  @Test
  void keysAreListedOnce() {
    assertEquals(ConfigKeys.keys().size(), new TreeSet<>(ConfigKeys.keys()).size());
  }

  @Test
  void everyListedDefaultIsWhatAnUnsetKeyGives() {
    MLOpsConfig unset = read(Map.of());
    int checked = 0;
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.defaultValue().isPresent()) {
        assertFalse(key.isPattern(), key.key());
        assertEquals(unset, read(Map.of(key.key(), key.defaultValue().get())), key.key());
        checked++;
      }
    }
    assertTrue(checked > 25, "only " + checked + " defaults checked");
  }

  @Test
  void anEnumTakesTheListedValuesAndNoOther() {
    for (ConfigKey key : ConfigKeys.ALL) {
      if (key.type() == ConfigKey.Type.ENUM) {
        for (String value : key.values()) {
          assertDoesNotThrow(() -> read(Map.of(key.key(), value)), key.key() + "=" + value);
        }
        assertThrows(IllegalArgumentException.class,
            () -> read(Map.of(key.key(), "not-a-value")), key.key());
      }
    }
    // the methods that compare numbers only are not offered for categorical columns
    ConfigKey categorical = ConfigKeys.ALL.stream()
        .filter(k -> k.key().equals(HealthSettings.CATEGORICAL_METHOD)).findFirst().orElseThrow();
    assertFalse(categorical.values().contains("ks"));
    assertThrows(IllegalArgumentException.class,
        () -> read(Map.of(HealthSettings.CATEGORICAL_METHOD, "ks")));
  }

  @Test
  void patternsStandForTheirKeysAndTyposAreUnknown() {
    assertTrue(ConfigKeys.isKnown(RunIdentity.TAG_PREFIX + "git.commit"));
    assertTrue(ConfigKeys.isKnown(HealthSettings.THRESHOLD_PREFIX + "ks"));
    assertTrue(ConfigKeys.isKnown(MLOpsConfig.FLUSH_INTERVAL));
    assertFalse(ConfigKeys.isKnown("spark.mlops.flush.intervall"));
    assertFalse(ConfigKeys.isKnown(SparkSeam.FALLBACK_PREFIX + "noSuchSeam"));
    assertFalse(ConfigKeys.isKnown(ConfigKeys.PREFIX));
    assertTrue(Arrays.stream(SparkSeam.values()).allMatch(s -> ConfigKeys.isKnown(s.setting())));
  }
}
