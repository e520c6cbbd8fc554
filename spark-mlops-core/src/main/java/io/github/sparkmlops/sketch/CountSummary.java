package io.github.sparkmlops.sketch;

import io.github.sparkmlops.value.NumberValue;
import java.util.List;

/** A count. Reports the number {@code name}. */
public final class CountSummary implements Summary<CountSummary> {

  private static final long serialVersionUID = 1L;

  private long count;

  /** A zero count. */
  public static CountSummary create() {
    return new CountSummary();
  }

  /** Adds {@code n}, which may be negative. */
  public void add(long n) {
    count += n;
  }

  /** The count. */
  public long count() {
    return count;
  }

  @Override
  public boolean isEmpty() {
    return count == 0;
  }

  @Override
  public void merge(CountSummary other) {
    count += other.count;
  }

  @Override
  public CountSummary copy() {
    CountSummary c = new CountSummary();
    c.count = count;
    return c;
  }

  @Override
  public CountSummary emptyCopy() {
    return new CountSummary();
  }

  @Override
  public List<NamedStat> stats(String name) {
    return List.of(new NamedStat(name, new NumberValue(count)));
  }
}
