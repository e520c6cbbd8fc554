package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.value.StatValue;

/**
 * A stat ready to report: its name and its value.
 *
 * @param name the stat's name
 * @param value its value
 */
public record NamedStat(String name, StatValue value) {

  /**
   * Checks the name against the name rule of {@link io.github.sparkmlops.value}.
   *
   * @param name the stat's name
   * @param value its value
   */
  public NamedStat {
    Require.name("name", name);
    Require.notNull("value", value);
  }
}
