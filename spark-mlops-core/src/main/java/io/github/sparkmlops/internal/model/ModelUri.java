package io.github.sparkmlops.internal.model;

import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.Stage;
import java.util.Optional;

/**
 * A parsed {@code models:/} URI: exactly one of a version, a stage, {@code latest} or an alias.
 *
 * @param version the version asked for, or null
 * @param stage the stage asked for, or null
 * @param alias the alias asked for, or null
 */
record ModelUri(String name, Long version, Stage stage, String alias) {

  private static final String PREFIX = "models:/";

  /** Whether the URI names the newest version. */
  boolean latest() {
    return version == null && stage == null && alias == null;
  }

  static ModelUri parse(String uri) {
    Require.notNull("model URI", uri);
    if (!uri.startsWith(PREFIX)) {
      throw malformed(uri);
    }
    String rest = uri.substring(PREFIX.length());
    int at = rest.indexOf('@');
    if (at >= 0) {
      return new ModelUri(name(uri, rest.substring(0, at)), null, null,
          ModelNames.alias(rest.substring(at + 1)));
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw malformed(uri);
    }
    String name = name(uri, rest.substring(0, slash));
    String ref = rest.substring(slash + 1);
    if (ref.equalsIgnoreCase("latest")) {
      return new ModelUri(name, null, null, null);
    }
    Optional<Stage> stage = Stage.find(ref);
    if (stage.isPresent()) {
      return new ModelUri(name, null, stage.get(), null);
    }
    try {
      return new ModelUri(name, ModelNames.version(Long.parseLong(ref)), null, null);
    } catch (NumberFormatException e) {
      throw malformed(uri);
    }
  }

  private static String name(String uri, String name) {
    try {
      return ModelNames.model(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("In model URI '" + uri + "': " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException malformed(String uri) {
    return new IllegalArgumentException("model URI must be models:/NAME/VERSION, models:/NAME/STAGE "
        + "(None, Staging, Production, Archived), models:/NAME/latest or models:/NAME@ALIAS, got '"
        + uri + "'");
  }

  @Override
  public String toString() {
    if (alias != null) {
      return PREFIX + name + "@" + alias;
    }
    return PREFIX + name + "/" + (version != null ? version.toString()
        : stage != null ? stage.title() : "latest");
  }
}
