package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.Stage;
import java.util.regex.Pattern;

/**
 * The rules for model names and aliases. A model name becomes a folder under the store root, so it
 * can hold no path separator, no {@code ..} and nothing a filesystem or a URI treats specially.
 */
final class ModelNames {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  private ModelNames() {}

  /** Checks a model name. */
  static String model(String name) {
    Require.notNull("model name", name);
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("model name must be 1 to 128 letters, digits, '.', '_' or "
          + "'-', start with a letter or digit and not contain '..' (no path separators), got '"
          + name + "'");
    }
    return name;
  }

  /** Checks an alias. */
  static String alias(String alias) {
    Require.notNull("alias", alias);
    if (!ALIAS.matcher(alias).matches() || alias.equalsIgnoreCase("latest")
        || Stage.find(alias).isPresent()) {
      throw new IllegalArgumentException("alias must be 1 to 64 letters, digits, '_' or '-', start "
          + "with a letter, and be neither 'latest' nor a stage name, got '" + alias + "'");
    }
    return alias;
  }

  /** Checks a version number. */
  static long version(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("model version must be 1 or more, got " + version);
    }
    return version;
  }
}
