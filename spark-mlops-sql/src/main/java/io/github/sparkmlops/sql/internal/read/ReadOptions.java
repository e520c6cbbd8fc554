package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.config.ConfigValues;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.StoreRoot;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.StoreCheck;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.SnapshotSpec;
import io.github.sparkmlops.sql.internal.stream.StreamOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The options of {@code spark.read.format("mlops")}, validated. Names are case-insensitive; an
 * unknown option, an unknown table, an empty or a malformed value is an {@link
 * IllegalArgumentException} naming the option.
 *
 * @param store the store root: option {@code store} (or the load path), else {@code
 *     spark.mlops.store}, else {@code <spark.sql.warehouse.dir>/mlops}
 * @param table option {@code table}: {@code stats} (default), {@code events}, {@code
 *     model_versions} or {@code model_history} (the views {@code models} and {@code runs} are read
 *     by {@code ViewTable})
 * @param name option {@code name}: only this stat (or event title, or model)
 * @param mlapp option {@code mlapp}: only this ML application
 * @param start option {@code start}: only records at or after this time (ISO-8601 instant, or a date
 *     meaning its UTC midnight)
 * @param end option {@code end}: only records before this time
 * @param latest option {@code latest}: only the latest row per name, mlapp, pipeline and node
 *     (stats only); meant for CONFIG stats
 * @param snapshot options {@code versionAsOf} (read this Delta version) and {@code timestampAsOf}
 *     (read the version current at this time), which exclude each other
 * @param stream the options of {@code spark.readStream} only ({@code startingVersion}, {@code
 *     maxFilesPerTrigger}, ...), which a batch read refuses
 */
public record ReadOptions(
    StoreLayout store, StoreTable table, Optional<String> name, Optional<String> mlapp,
    Optional<Instant> start, Optional<Instant> end, boolean latest, SnapshotSpec snapshot,
    StreamOptions stream) {

  private static final Set<String> KEYS = new TreeSet<>(Arrays.asList("store", "path", "table",
      "name", "mlapp", "start", "end", "latest", "versionasof", "timestampasof"));

  static {
    KEYS.addAll(StreamOptions.KEYS);
  }

  /** Parses options; keys are matched case-insensitively. */
  public static ReadOptions parse(Map<String, String> options) {
    Map<String, String> lower = new HashMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    for (Map.Entry<String, String> option : lower.entrySet()) {
      if (!KEYS.contains(option.getKey())) {
        throw new IllegalArgumentException(
            "Unknown option '" + option.getKey() + "' for format(\"mlops\"); known options: " + KEYS);
      }
      // An empty value is a mistake (an unset variable, say); ignoring it would widen the read.
      if (option.getValue() == null || option.getValue().isBlank()) {
        throw new IllegalArgumentException("Option '" + option.getKey()
            + "' is empty; give it a value or leave it out");
      }
    }
    Function<String, Optional<String>> get = k -> Optional.ofNullable(lower.get(k)).map(String::trim);
    StoreLayout store = storeRoot(SparkSession.active(), get.apply("store").or(() -> get.apply("path")));
    StoreTable table = get.apply("table").map(ReadOptions::table).orElse(StoreTable.STATS);
    boolean latest = get.apply("latest").map(v -> ConfigValues.bool("Option 'latest'", v)).orElse(false);
    if (latest && table != StoreTable.STATS) {
      throw new IllegalArgumentException("Option 'latest' applies to table 'stats' only");
    }
    SnapshotSpec snapshot = new SnapshotSpec(get.apply("versionasof").map(ReadOptions::version),
        get.apply("timestampasof").map(v -> instant("timestampAsOf", v)));
    Optional<Instant> start = get.apply("start").map(v -> instant("start", v));
    Optional<Instant> end = get.apply("end").map(v -> instant("end", v));
    if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
      throw new IllegalArgumentException(
          "Option 'start' (" + start.get() + ") must be before 'end' (" + end.get() + ")");
    }
    return new ReadOptions(store, table, get.apply("name"), get.apply("mlapp"), start, end, latest,
        snapshot, StreamOptions.parse(lower, ReadOptions::instant));
  }

  /** The store root that read options give ({@code store} or {@code path}), else the session's. */
  public static StoreLayout storeRoot(Map<String, String> options) {
    Map<String, String> lower = new HashMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return storeRoot(SparkSession.active(), Optional.ofNullable(lower.get("store"))
        .or(() -> Optional.ofNullable(lower.get("path"))).map(String::trim));
  }

  /** The store root of a read or a catalog: {@code explicit}, else the session's settings. */
  public static StoreLayout storeRoot(SparkSession spark, Optional<String> explicit) {
    StoreLayout store = StoreRoot.resolve(explicit, key -> Optional.ofNullable(spark.conf().getOption(key).getOrElse(() -> null)),
        spark.conf().get("spark.sql.warehouse.dir"));
    StoreCheck.requireNameable(store, spark.sparkContext().hadoopConfiguration(),
        explicit.isPresent() ? "Option 'store'" : MLOpsConfig.STORE);
    return store;
  }

  /** The filters the convenience options stand for; they are applied exactly by the reader. */
  public List<RowFilter> filters() {
    List<RowFilter> filters = new ArrayList<>();
    String nameColumn = table == StoreTable.EVENTS ? StoreSchema.TITLE : StoreSchema.NAME;
    name.ifPresent(n -> filters.add(new RowFilter.Compare(nameColumn, "=", n)));
    mlapp.ifPresent(m -> filters.add(new RowFilter.Compare(StoreSchema.MLAPP, "=", m)));
    start.ifPresent(s -> {
      filters.add(new RowFilter.Compare(StoreSchema.TIME, ">=", StoreTime.micros(s)));
      filters.add(new RowFilter.Compare(StoreSchema.DATE, ">=", StoreTime.days(s)));
    });
    end.ifPresent(e -> {
      filters.add(new RowFilter.Compare(StoreSchema.TIME, "<", StoreTime.micros(e)));
      filters.add(new RowFilter.Compare(StoreSchema.DATE, "<=", StoreTime.days(e)));
    });
    return filters;
  }

  private static StoreTable table(String value) {
    return StoreTable.find(value).orElseThrow(() -> new IllegalArgumentException(
        "Option 'table' must be one of " + StoreTable.names() + " or the views "
            + StoreView.names() + ", got '" + value + "'"));
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
    throw new IllegalArgumentException(
        "Option 'versionAsOf' must be a table version (an integer >= 0), got '" + value + "'");
  }

  /** An ISO-8601 instant, a local date-time (UTC), or a date (its UTC midnight). */
  static Instant instant(String option, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADateTime) {
        try {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
          throw new IllegalArgumentException("Option '" + option
              + "' must be an ISO-8601 time such as 2026-11-21T08:00:00Z or a date such as "
              + "2026-11-21, got '" + value + "'");
        }
      }
    }
  }
}
