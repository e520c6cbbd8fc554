package io.github.sparkmlops.internal.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How the store encodes time: the one place the writer and the readers turn an {@link Instant}
 * into a Delta timestamp or date value, so a filter and the rows it selects always agree.
 */
public final class StoreTime {

  private StoreTime() {}

  /** A Delta timestamp: microseconds since the epoch, UTC (sub-microsecond digits dropped). */
  public static long micros(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L),
        time.getNano() / 1_000);
  }

  /** A Delta date, the store's partition value: days since the epoch of the UTC date of {@code time}. */
  public static int days(Instant time) {
    return (int) LocalDate.ofInstant(time, ZoneOffset.UTC).toEpochDay();
  }

  /** The instant of a timestamp column's microseconds since the epoch. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
  }
}
