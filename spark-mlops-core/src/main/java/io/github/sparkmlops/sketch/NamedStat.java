package io.github.sparkmlops.sketch;

import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.value.StatValue;

/** A stat ready to report: its name and its value. */
public record NamedStat(String name, StatValue value) {

  public NamedStat {
    Require.name("name", name);
    Require.notNull("value", value);
  }
}
