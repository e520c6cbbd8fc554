package io.github.sparkmlops.internal.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code spark.mlops.*} setting, as {@link ConfigKeys} lists it for the code that checks keys
 * and for the generated reference page ({@code docs/reference/configuration.md}).
 *
 * @param key the key, or a pattern whose last part is a placeholder in angle brackets, such as
 *     {@code spark.mlops.run.tags.<key>}
 * @param type what the value is
 * @param values the values an {@link Type#ENUM} takes; empty for the other types
 * @param defaultValue the value that applies when the key is not set, written as a user would set
 *     it; empty when the default is not one value (then {@code defaultNote} says what it is)
 * @param defaultNote what the default is when it is not one value (such as {@code the application
 *     name}); empty when {@code defaultValue} is given
 * @param unit the unit of a number (such as {@code records}), or empty
 * @param meaning what the setting does, in Markdown (code in backticks)
 */
public record ConfigKey(String key, Type type, List<String> values, Optional<String> defaultValue,
    String defaultNote, String unit, String meaning) {

  /** What a setting's value is. */
  public enum Type {
    /** {@code true} or {@code false}, in any case; anything else is refused. */
    BOOLEAN("boolean"),
    /** Any text. */
    STRING("string"),
    /** Spark's time strings ({@code 500ms}, {@code 10s}, {@code 2min}); a bare number is ms. */
    DURATION("duration"),
    /** Spark's size strings ({@code 512k}, {@code 64m}, {@code 1g}); a bare number is bytes. */
    SIZE("size"),
    /** A whole number. */
    INTEGER("integer"),
    /** A decimal number. */
    DOUBLE("double"),
    /** One of {@link ConfigKey#values()}, in any case. */
    ENUM("enum"),
    /** A Hadoop filesystem URI or a local path. */
    PATH("path");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    /** The type's name on the reference page. */
    public String label() {
      return label;
    }
  }

  public ConfigKey {
    values = List.copyOf(values);
    if ((type == Type.ENUM) == values.isEmpty()) {
      throw new IllegalArgumentException(key + ": an enum, and only an enum, lists its values");
    }
    if (defaultValue.isPresent() == !defaultNote.isEmpty()) {
      throw new IllegalArgumentException(key + ": a default value or a note, not both or neither");
    }
  }

  /** Whether {@link #key()} is a pattern, its last part chosen by the user. */
  public boolean isPattern() {
    return key.indexOf('<') >= 0;
  }

  /** Whether {@code setting} is this key, or one that its pattern stands for. */
  public boolean matches(String setting) {
    return isPattern() ? setting.startsWith(key.substring(0, key.indexOf('<'))) : setting.equals(key);
  }
}
