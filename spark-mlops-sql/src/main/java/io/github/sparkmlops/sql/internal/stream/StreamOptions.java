package io.github.sparkmlops.sql.internal.stream;

import io.github.sparkmlops.internal.config.ConfigValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The options only a streaming read takes, validated. Their names and meanings are Delta's
 * streaming source's.
 *
 * @param startingVersion option {@code startingVersion}: read the changes from this version on,
 *     without the snapshot before it
 * @param startingLatest {@code startingVersion=latest}: read only commits made after the query
 *     started
 * @param startingTimestamp option {@code startingTimestamp}: read the changes from the first
 *     version committed at or after this time
 * @param maxFilesPerTrigger option {@code maxFilesPerTrigger}: at most this many new files per
 *     micro-batch
 * @param maxBytesPerTrigger option {@code maxBytesPerTrigger}: about this many bytes of new files
 *     per micro-batch (a batch holds at least one file)
 * @param skipChangeCommits option {@code skipChangeCommits}: skip commits that remove data (a
 *     {@code DELETE} through delta-spark) instead of failing
 */
public record StreamOptions(
    Optional<Long> startingVersion, boolean startingLatest, Optional<Instant> startingTimestamp,
    Optional<Integer> maxFilesPerTrigger, Optional<Long> maxBytesPerTrigger,
    boolean skipChangeCommits) {

  /** The option names, lower case, as {@code ReadOptions} matches them. */
  public static final List<String> KEYS = List.of("startingversion", "startingtimestamp",
      "maxfilespertrigger", "maxbytespertrigger", "skipchangecommits");

  /** As Delta's streaming source, a micro-batch admits at most this many files by default. */
  public static final int DEFAULT_MAX_FILES_PER_TRIGGER = 1000;

  /**
   * Parses the stream options out of all the options of a read.
   *
   * @param lower the read's options, keys in lower case, values trimmed and not blank
   * @param instant how an instant option is parsed (as the batch options are)
   */
  public static StreamOptions parse(Map<String, String> lower,
      BiFunction<String, String, Instant> instant) {
    Optional<String> version = Optional.ofNullable(lower.get("startingversion")).map(String::trim);
    boolean latest = version.filter(v -> v.equalsIgnoreCase("latest")).isPresent();
    Optional<Long> startingVersion = version.filter(v -> !latest).map(StreamOptions::version);
    Optional<Instant> timestamp = Optional.ofNullable(lower.get("startingtimestamp"))
        .map(v -> instant.apply("startingTimestamp", v.trim()));
    if (version.isPresent() && timestamp.isPresent()) {
      throw new IllegalArgumentException(
          "Options 'startingVersion' and 'startingTimestamp' exclude each other; give one");
    }
    Optional<Integer> maxFiles = Optional.ofNullable(lower.get("maxfilespertrigger"))
        .map(v -> positiveInt("maxFilesPerTrigger", v.trim()));
    Optional<Long> maxBytes = Optional.ofNullable(lower.get("maxbytespertrigger"))
        .map(v -> bytes(v.trim()));
    boolean skip = Optional.ofNullable(lower.get("skipchangecommits"))
        .map(v -> ConfigValues.bool("Option 'skipChangeCommits'", v.trim())).orElse(false);
    return new StreamOptions(startingVersion, latest, timestamp, maxFiles, maxBytes, skip);
  }

  /** Whether any option that only a stream understands was given (a batch read refuses them). */
  public Optional<String> anyGiven() {
    if (startingVersion.isPresent() || startingLatest) {
      return Optional.of("startingVersion");
    }
    if (startingTimestamp.isPresent()) {
      return Optional.of("startingTimestamp");
    }
    if (maxFilesPerTrigger.isPresent()) {
      return Optional.of("maxFilesPerTrigger");
    }
    if (maxBytesPerTrigger.isPresent()) {
      return Optional.of("maxBytesPerTrigger");
    }
    return skipChangeCommits ? Optional.of("skipChangeCommits") : Optional.empty();
  }

  private static long version(String value) {
    try {
      long v = Long.parseLong(value);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Option 'startingVersion' must be a table version (an "
        + "integer >= 0) or 'latest', got '" + value + "'");
  }

  private static int positiveInt(String option, String value) {
    return ConfigValues.positiveInt("Option '" + option + "'", value);
  }

  private static long bytes(String value) {
    long v = ConfigValues.bytesOrMinusOne(value);
    if (v <= 0) {
      throw new IllegalArgumentException("Option 'maxBytesPerTrigger' must be a positive size such "
          + "as 1048576, 512m or 1g, got '" + value + "'");
    }
    return v;
  }
}
