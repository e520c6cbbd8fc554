package io.github.sparkmlops.internal.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * How many writers an {@code s3:}/{@code s3a:} store is safe for, and how commits make it so
 * ({@code spark.mlops.store.writers}). Other filesystems have one protocol each, chosen by what they
 * offer, and ignore this setting.
 */
public enum StoreWriters {
  /** One writer (one driver) at a time: Kernel's {@code S3SingleDriverLogStore}. */
  SINGLE,
  /** Many writers: each commit file is created with a conditional PUT ({@code If-None-Match: *}). */
  CONDITIONAL,
  /** Many writers, through Delta's own {@code S3DynamoDBLogStore} and a DynamoDB table. */
  DYNAMODB;

  /** The setting's name. */
  public static final String SETTING = "spark.mlops.store.writers";

  /** The setting's value for this choice. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a value of {@link #SETTING}, in any case.
   *
   * @throws IllegalArgumentException naming the setting and the values it takes
   */
  public static StoreWriters parse(String value) {
    for (StoreWriters w : values()) {
      if (w.value().equalsIgnoreCase(value.trim())) {
        return w;
      }
    }
    throw new IllegalArgumentException(SETTING + " must be one of "
        + Arrays.stream(values()).map(StoreWriters::value).toList() + ", got '" + value + "'");
  }
}
