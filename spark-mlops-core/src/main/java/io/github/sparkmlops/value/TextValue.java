package io.github.sparkmlops.value;

import io.github.sparkmlops.internal.value.Require;
/**
 * A string value. Any text is accepted, including the empty string; null is not.
 *
 * @param text the text
 */
public record TextValue(String text) implements StatValue {

  /** Largest text accepted, in characters (1 MiB of UTF-16 code units). */
  public static final int MAX_LENGTH = 1 << 20;

  /**
   * Checks the text is given and at most {@value #MAX_LENGTH} characters long.
   *
   * @param text the text
   */
  public TextValue {
    Require.notNull("text", text);
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "text must be at most " + MAX_LENGTH + " characters, got " + text.length());
    }
  }

  @Override
  public StatType type() {
    return StatType.STRING;
  }
}
