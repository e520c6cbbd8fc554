package io.github.sparkmlops.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The lifecycle stage of a model version, as in MLflow's registry: a version is published in
 * {@link #NONE} and moves by {@link ModelRegistry#transition}.
 */
public enum Stage {
  /** Published, not in any stage yet. */
  NONE("None"),
  /** Being validated. */
  STAGING("Staging"),
  /** Serving. */
  PRODUCTION("Production"),
  /** Retired. */
  ARCHIVED("Archived");

  private final String title;

  Stage(String title) {
    this.title = title;
  }

  /**
   * The stage as users spell it in {@code models:/NAME/STAGE}: {@code None}, {@code Production},
   * ...
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * The stage named {@code name}, in any case.
   *
   * @param name the stage's name
   * @return the stage
   * @throws IllegalArgumentException naming the stages, if there is no such stage
   */
  public static Stage parse(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown stage '" + name
        + "'; the stages are None, Staging, Production, Archived (any case)"));
  }

  /**
   * The stage named {@code name} in any case, if there is one.
   *
   * @param name the stage's name
   * @return the stage, or empty
   */
  public static java.util.Optional<Stage> find(String name) {
    return Arrays.stream(values())
        .filter(s -> name != null && s.title.toLowerCase(Locale.ROOT)
            .equals(name.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
