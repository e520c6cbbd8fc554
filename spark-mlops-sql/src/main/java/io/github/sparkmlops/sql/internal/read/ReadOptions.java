package io.github.sparkmlops.sql.internal.read;

import io.github.sparkmlops.internal.config.ConfigValues;
import io.github.sparkmlops.internal.config.MLOpsConfig;
import io.github.sparkmlops.internal.config.StoreRoot;
import io.github.sparkmlops.internal.model.StoreView;
import io.github.sparkmlops.internal.store.DriftTable;
import io.github.sparkmlops.internal.store.StoreCheck;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreSchema;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.sql.internal.plan.RowFilter;
import io.github.sparkmlops.sql.internal.plan.SnapshotSpec;
import io.github.sparkmlops.sql.internal.stream.StreamOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The options of {@code spark.read.format("mlops")}, validated. Names are case-insensitive; an
 * unknown option, an unknown table, an empty or a malformed value is an {@link
 * IllegalArgumentException} naming the option.
 *
 * @param store the store root: option {@code store} or the load path (which must then name the
 *     same store), else {@code spark.mlops.store}, else {@code <spark.sql.warehouse.dir>/mlops}
 * @param table option {@code table}: {@code stats} (default), {@code events}, {@code
 *     model_versions}, {@code model_history} or {@code drift} (the views {@code models} and {@code
 *     runs} are read by {@code ViewTable})
 * @param name option {@code name}: only this stat (or event title, model, or drift comparison)
 * @param mlapp option {@code mlapp}: only this ML application
 * @param start option {@code start}: only records at or after this time (ISO-8601 instant, or a date
 *     meaning its UTC midnight)
 * @param end option {@code end}: only records before this time
 * @param latest option {@code latest}: only the latest row per name, mlapp, pipeline and node
 *     (stats only); meant for CONFIG stats
 * @param snapshot options {@code versionAsOf} (read this Delta version) and {@code timestampAsOf}
 *     (read the version current at this time), which exclude each other
 *     <p>Option {@code lineage} ({@code true} by default) is not kept here: {@code false} leaves the
 *     read out of the run's {@code lineage} table, as the library's own reads of the store do.
 * @param stream the options of {@code spark.readStream} only ({@code startingVersion}, {@code
 *     maxFilesPerTrigger}, ...), which a batch read refuses
 */
public record ReadOptions(
    StoreLayout store, StoreTable table, Optional<String> name, Optional<String> mlapp,
    Optional<Instant> start, Optional<Instant> end, boolean latest, SnapshotSpec snapshot,
    StreamOptions stream) {

  /** The options that name the store: {@code load(path)} gives the second. */
  static final Set<String> STORE_KEYS = Set.of("store", "path");

  private static final Set<String> KEYS = new TreeSet<>(Arrays.asList("store", "path", "table",
      "name", "mlapp", "start", "end", "latest", "versionasof", "timestampasof", "lineage"));

  static {
    KEYS.addAll(StreamOptions.KEYS);
  }

  /** Parses options; keys are matched case-insensitively. */
  public static ReadOptions parse(Map<String, String> options) {
    SparkSession spark = SparkSession.active();
    return parse(options, explicit -> storeRoot(spark, explicit),
        () -> spark.sessionState().newHadoopConf());
  }

  /**
   * Parses options, with the store resolved by {@code storeOf}.
   *
   * @param storeOf the store root, given the one the options name (if they name one)
   * @param hadoopConf the settings under which two spellings of a root are compared
   */
  static ReadOptions parse(Map<String, String> options,
      Function<Optional<String>, StoreLayout> storeOf, Supplier<Configuration> hadoopConf) {
    Map<String, String> lower = new HashMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    for (Map.Entry<String, String> option : lower.entrySet()) {
      if (option.getKey().equals("paths")) {
        // what Spark makes of load(a, b): one read reads one store
        throw new IllegalArgumentException("format(\"mlops\") reads one store, got the paths "
            + option.getValue() + "; read each store on its own and union the results");
      }
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
    StoreLayout store = storeOf.apply(explicitStore(options, hadoopConf));
    StoreTable table = get.apply("table").map(ReadOptions::table).orElse(StoreTable.STATS);
    boolean latest = get.apply("latest").map(v -> ConfigValues.bool("Option 'latest'", v)).orElse(false);
    if (latest && table != StoreTable.STATS) {
      throw new IllegalArgumentException("Option 'latest' applies to table 'stats' only");
    }
    // read by the lineage capture from the plan; validated here so that a typo is an error
    get.apply("lineage").ifPresent(v -> ConfigValues.bool("Option 'lineage'", v));
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
    SparkSession spark = SparkSession.active();
    return storeRoot(spark, explicitStore(options, () -> spark.sessionState().newHadoopConf()));
  }

  /** The store root of a read or a catalog: {@code explicit}, else the session's settings. */
  public static StoreLayout storeRoot(SparkSession spark, Optional<String> explicit) {
    StoreLayout store = StoreRoot.resolve(explicit, key -> Optional.ofNullable(spark.conf().getOption(key).getOrElse(() -> null)),
        spark.conf().get("spark.sql.warehouse.dir"));
    StoreCheck.requireNameable(store, spark.sparkContext().hadoopConfiguration(),
        explicit.isPresent() ? "Option 'store'" : MLOpsConfig.STORE);
    return store;
  }

  /**
   * The store root that options name, as option {@code store} or as the {@code load()} path
   * (option {@code path}), whatever their case, if they name one.
   *
   * @param hadoopConf the settings under which two spellings of a root are compared
   * @throws IllegalArgumentException naming both, if they name two different stores (one read
   *     reads one store; taking either would silently read the wrong one)
   */
  public static Optional<String> explicitStore(Map<String, String> options,
      Supplier<Configuration> hadoopConf) {
    Map.Entry<String, String> named = null;
    // option store first, then the load() path: the one read is the one a message names first
    List<Map.Entry<String, String>> given = new ArrayList<>(new TreeMap<>(options).entrySet());
    given.sort(Comparator.comparing(e -> e.getKey().equalsIgnoreCase("path")));
    for (Map.Entry<String, String> option : given) {
      if (STORE_KEYS.contains(option.getKey().toLowerCase(Locale.ROOT))
          && option.getValue() != null) {
        if (named == null) {
          named = option;
        } else {
          requireSameStore(named.getValue(), source(named.getKey()), option.getValue(),
              source(option.getKey()), hadoopConf);
        }
      }
    }
    return Optional.ofNullable(named).map(e -> e.getValue().trim());
  }

  /**
   * Checks that two store roots name one store: equal once trailing slashes and repeated
   * separators are dropped and a root without a scheme is qualified with the default filesystem.
   *
   * @param firstSource where {@code first} came from (such as "option store"), named in the
   *     message; so {@code secondSource} for {@code second}
   * @throws IllegalArgumentException naming both, if they differ
   */
  public static void requireSameStore(String first, String firstSource, String second,
      String secondSource, Supplier<Configuration> hadoopConf) {
    if (!qualified(first, hadoopConf).equals(qualified(second, hadoopConf))) {
      throw new IllegalArgumentException("The read names two stores, '" + first.trim() + "' ("
          + firstSource + ") and '" + second.trim() + "' (" + secondSource + "); a read reads one "
          + "store: give one of them, or the same one twice");
    }
  }

  /**
   * The error for an option that a catalog table and the read give with different values: one
   * silently winning would read something else than asked.
   */
  public static IllegalArgumentException givenTwice(String option, String byTable, String byRead) {
    return new IllegalArgumentException("Option '" + option + "' is given twice, as '"
        + byTable.trim() + "' by the table and as '" + byRead.trim() + "' by the read; give it once");
  }

  /** How a user gave a store-naming option: {@code path} is what {@code load(path)} sets. */
  static String source(String option) {
    return option.equalsIgnoreCase("path") ? "the load() path" : "option " + option;
  }

  private static Path qualified(String root, Supplier<Configuration> hadoopConf) {
    Path path = new Path(new StoreLayout(root.trim()).root());
    if (path.toUri().getScheme() != null) {
      return path;
    }
    try {
      return FileSystem.get(hadoopConf.get()).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Qualifying the store root " + root + " failed", e);
    }
  }

  /** The filters the convenience options stand for; they are applied exactly by the reader. */
  public List<RowFilter> filters() {
    List<RowFilter> filters = new ArrayList<>();
    String nameColumn = table == StoreTable.EVENTS ? StoreSchema.TITLE
        : table == StoreTable.DRIFT ? DriftTable.COMPARISON : StoreSchema.NAME;
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

  private static Instant parsedInstant(String option, String value) {
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

  /**
   * An ISO-8601 instant, a local date-time (UTC), or a date (its UTC midnight), within the times
   * the store holds: the range the facade accepts ({@link Require#time}), since one outside it
   * cannot be a Delta timestamp (its microseconds overflow a long).
   */
  static Instant instant(String option, String value) {
    return Require.time("Option '" + option + "'", parsedInstant(option, value));
  }
}
