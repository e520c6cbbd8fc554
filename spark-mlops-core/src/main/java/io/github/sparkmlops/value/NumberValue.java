package io.github.sparkmlops.value;

/**
 * A single number. NaN and the infinities are values like any other: they are stored as such and
 * read back unchanged.
 */
public record NumberValue(double value) implements StatValue {

  @Override
  public StatType type() {
    return StatType.NUMBER;
  }
}
