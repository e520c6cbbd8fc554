package io.github.sparkmlops.internal.model;

import static io.github.sparkmlops.internal.store.StoreSchema.HOST;
import static io.github.sparkmlops.internal.store.StoreSchema.MLAPP;
import static io.github.sparkmlops.internal.store.StoreSchema.NAME;
import static io.github.sparkmlops.internal.store.StoreSchema.NODE;
import static io.github.sparkmlops.internal.store.StoreSchema.PIPELINE;
import static io.github.sparkmlops.internal.store.StoreSchema.RUN_ID;
import static io.github.sparkmlops.internal.store.StoreSchema.TIME;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.internal.config.RunIdentity;
import io.github.sparkmlops.internal.model.RegistryState.Model;
import io.github.sparkmlops.internal.store.LineageTable;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.internal.store.TableSpec;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.run.RunContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rows of the {@link StoreView}s, folded from the store's tables through Kernel. */
final class RegistryViews {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryViews.class);

  private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType);
  private static final DataType TEXT_MAP =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
  private static final DataType NUMBER_MAP =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType);
  /** Data a run read or wrote: {@link DataVersion}s. */
  private static final DataType DATA_VERSIONS = DataTypes.createArrayType(new StructType()
      .add(LineageTable.FORMAT, DataTypes.StringType, false)
      .add(LineageTable.PATH, DataTypes.StringType)
      .add(LineageTable.TABLE_NAME, DataTypes.StringType)
      .add(LineageTable.VERSION, DataTypes.LongType), false);

  static final StructType MODELS = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("version", DataTypes.LongType, false)
      .add("stage", DataTypes.StringType, false)
      .add("aliases", STRINGS, false)
      .add("tags", TEXT_MAP, false)
      .add("metrics", NUMBER_MAP, false)
      .add("format", DataTypes.StringType)
      .add("location", DataTypes.StringType)
      .add("checksum", DataTypes.StringType)
      .add("size_bytes", DataTypes.LongType)
      .add("created", DataTypes.TimestampType)
      .add("mlapp", DataTypes.StringType)
      .add("pipeline", DataTypes.StringType)
      .add("node", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("host", DataTypes.StringType)
      .add("training_inputs", DATA_VERSIONS, false)
      .add("description", DataTypes.StringType)
      .add("signature", DataTypes.StringType)
      .add("source", DataTypes.StringType)
      .add("profile", DataTypes.StringType)
      .add("model_tags", TEXT_MAP, false)
      .add("problem", DataTypes.StringType);

  static final StructType RUNS = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("parent_run_id", DataTypes.StringType)
      .add("name", DataTypes.StringType)
      .add("mlapp", DataTypes.StringType)
      .add("pipeline", DataTypes.StringType)
      .add("node", DataTypes.StringType)
      .add("host", DataTypes.StringType)
      .add("tags", TEXT_MAP, false)
      .add("start", DataTypes.TimestampType)
      .add("end", DataTypes.TimestampType)
      .add("params", TEXT_MAP, false)
      .add("metrics", NUMBER_MAP, false)
      .add("models", STRINGS, false)
      .add("inputs", DATA_VERSIONS, false)
      .add("outputs", DATA_VERSIONS, false)
      .add("stats", DataTypes.LongType, false);

  private static final String DATA_VERSIONS_MEANING =
      "one entry per relation and Delta version, however many queries touched it";

  /** What each column of {@link #MODELS} holds. */
  static final Map<String, String> MODELS_MEANINGS = TableSpec.meanings(
      "name", "The model's name.",
      "version", "The version's number within the model.",
      "stage", "Its current stage: `None`, `Staging`, `Production` or `Archived`.",
      "aliases", "The aliases that point at it now.",
      "tags", "Its tags as they stand.",
      "metrics", "Its metrics as they stand (given at publication or logged since).",
      "format", "The MLlib class of the model, or `artifact:<kind>` for opaque files.",
      "location", "The version's folder, relative to the store root; null when the stored one "
          + "cannot be used (see `problem`).",
      "checksum", "SHA-256 over the file list.",
      "size_bytes", "The total size of the version's files, in bytes.",
      "created", "When the version was published.",
      MLAPP, "The publishing run's ML application.",
      PIPELINE, "The publishing run's pipeline.",
      NODE, "The publishing run's node.",
      RUN_ID, "The publishing run's id.",
      HOST, "The publishing run's driver host.",
      "training_inputs", "The `inputs` of the run that published the version (as in `runs`): "
          + DATA_VERSIONS_MEANING + ".",
      "description", "The description given at publication, or null.",
      "signature", "The input schema the model expects, as Spark's schema JSON, or null.",
      "source", "Where a promoted version came from (`<store root> models:/NAME/VERSION`), or "
          + "null.",
      "profile", "The stat name of the training data profile (the drift baseline), or null.",
      "model_tags", "The model's own tags (`setModelTag`), shared by its versions.",
      "problem", "Null, except for a version whose stored row cannot be used (a `location` "
          + "edited to leave the store, a `signature` that is not a schema): what is wrong. That "
          + "row still shows, as stored, and the other versions read as usual.");

  /** What each column of {@link #RUNS} holds. */
  static final Map<String, String> RUNS_MEANINGS = TableSpec.meanings(
      RUN_ID, "The run: the Spark application id, with `_<attempt>` added when there are "
          + "attempts.",
      "parent_run_id", "The run that started this one (`spark.mlops.run.parent`, or on "
          + "Databricks the job run), or null.",
      NAME, "The run's name (`spark.mlops.run.name`), or null.",
      MLAPP, "The run's ML application.",
      PIPELINE, "The run's pipeline.",
      NODE, "The run's node.",
      HOST, "The run's driver host.",
      "tags", "The run's tags: `spark.mlops.run.tags.<key>` and the Databricks job ids.",
      "start", "The time of the run's first record.",
      "end", "The time of the run's last record.",
      "params", "The last value of each `CONFIG` stat other than the run identity's, so "
          + "`setParam(\"maxIter\", 20)` is `params['param.maxIter']`.",
      "metrics", "The last value of each number stat.",
      "models", "The URIs (`models:/NAME/VERSION`) of the versions it published.",
      "inputs", "What its queries read, from the `lineage` table: " + DATA_VERSIONS_MEANING + ".",
      "outputs", "What its queries wrote, likewise.",
      "stats", "How many stats it reported.");

  private RegistryViews() {}

  /** The {@code models} view's rows ({@code stats} is not read: no model row needs it). */
  static List<Object[]> models(StoreLayout store, Configuration hadoopConf,
      RunStats.Source stats) {
    Engine engine = Store.engine(hadoopConf);
    RegistryState state = new RegistryTables(engine, store).state();
    Map<String, Run> lineage = new HashMap<>();
    readLineage(engine, store, lineage);
    List<Object[]> rows = new ArrayList<>();
    for (Model m : state.models()) {
      for (long number : m.versions.keySet()) {
        rows.add(modelRow(state, m, number, lineage));
      }
    }
    return rows;
  }

  /**
   * A version's row. A row edited by hand so that the version cannot be used (a location out of
   * the store, a signature that is not a schema) still shows, as stored, with a null location and
   * the problem: the view is how a user finds and mends it, and the other versions stay readable.
   */
  private static Object[] modelRow(RegistryState state, Model m, long number,
      Map<String, Run> lineage) {
    ModelVersion v;
    String problem = null;
    String signature;
    try {
      v = state.version(m, number);
      signature = v.signature().map(StructType::json).orElse(null);
    } catch (RuntimeException unusable) {
      problem = unusable.getMessage();
      LOG.warn("Version {} of model {} is shown without its location: {}", number, m.name, problem);
      v = state.withoutLocation(m, number);
      signature = m.versions.get(number).signature();
    }
    RunContext c = v.context();
    Run training = lineage.get(c.runId());
    return new Object[] {v.name(), v.version(), v.stage().title(), List.copyOf(v.aliases()),
        v.tags(), v.metrics(), v.format(), v.location(), v.checksum(), v.sizeBytes(),
        StoreTime.micros(v.created()), c.mlapp(), c.pipeline(), c.node(), c.runId(), c.host(),
        training == null ? List.of() : structs(training.inputs), v.description(), signature,
        v.source().orElse(null), v.profile().orElse(null), Map.copyOf(m.modelTags), problem};
  }

  /**
   * A relation a run read or wrote, as the views list it: one per format, place and version,
   * however many queries touched it.
   *
   * @param path where the data is, or null for a catalog table known only by name
   * @param tableName the catalog table's name, or null
   * @param version the Delta version, or null for other formats
   */
  private record DataVersion(String format, String path, String tableName, Long version) {

    static final Comparator<DataVersion> ORDER = Comparator
        .comparing(DataVersion::path, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(DataVersion::tableName, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(DataVersion::version, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(DataVersion::format);

    Object[] struct() {
      return new Object[] {format, path, tableName, version};
    }
  }

  /** One run being folded. */
  private static final class Run {
    final Object[] context;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long stats;
    final Map<String, Object[]> identityStats = new TreeMap<>();
    final Map<String, Object[]> params = new TreeMap<>();
    final Map<String, Object[]> metrics = new TreeMap<>();
    final List<String> models = new ArrayList<>();
    final Set<DataVersion> inputs = new TreeSet<>(DataVersion.ORDER);
    final Set<DataVersion> outputs = new TreeSet<>(DataVersion.ORDER);

    Run(Object[] context) {
      this.context = context;
    }

    /** Its parent, name and tags, from the latest value of each identity stat. */
    RunIdentity identity() {
      Map<String, String> latest = new TreeMap<>();
      identityStats.forEach((name, timeAndValue) -> latest.put(name, (String) timeAndValue[1]));
      return RunIdentity.fromStats(latest);
    }

    void time(long micros) {
      start = Math.min(start, micros);
      end = Math.max(end, micros);
    }

    void add(RunStats s) {
      time(s.start());
      time(s.end());
      stats += s.count();
      if (s.configTime() != null) {
        latest(RunIdentity.isStat(s.name()) ? identityStats : params, s.name(), s.configTime(),
            s.configValue());
      }
      if (s.metricTime() != null) {
        latest(metrics, s.name(), s.metricTime(), s.metricValue());
      }
    }

    /** Keeps the latest value of a name: {@code (time, value)}. */
    static void latest(Map<String, Object[]> values, String name, long time, Object value) {
      Object[] held = values.get(name);
      if (held == null || (Long) held[0] <= time) {
        values.put(name, new Object[] {time, value});
      }
    }
  }

  /**
   * The {@code runs} view's rows.
   *
   * @param stats the {@code stats} table's rows as {@link RunStats}, from {@link RunStatsCache}
   *     or a Spark job
   */
  static List<Object[]> runs(StoreLayout store, Configuration hadoopConf, RunStats.Source stats) {
    Engine engine = Store.engine(hadoopConf);
    Map<String, Run> runs = new TreeMap<>();
    stats.forEach(s -> runs.computeIfAbsent(s.runId(), id -> new Run(new Object[] {id, s.mlapp(),
        s.pipeline(), s.node(), s.host()})).add(s));
    RegistryState registry = new RegistryTables(engine, store).state();
    for (Model m : registry.models()) {
      m.versions.values().forEach(v -> {
        RunContext c = v.context();
        Run run = runs.computeIfAbsent(c.runId(), id -> new Run(new Object[] {id, c.mlapp(),
            c.pipeline(), c.node(), c.host()}));
        run.time(StoreTime.micros(v.time()));
        run.models.add("models:/" + v.name() + "/" + v.version());
      });
    }
    readLineage(engine, store, runs);
    List<Object[]> rows = new ArrayList<>(runs.size());
    for (Run run : runs.values()) {
      RunIdentity identity = run.identity();
      rows.add(new Object[] {run.context[0], identity.parent().orElse(null),
          identity.name().orElse(null), run.context[1], run.context[2], run.context[3],
          run.context[4], identity.tags(), run.start, run.end, values(run.params),
          values(run.metrics), List.copyOf(run.models), structs(run.inputs), structs(run.outputs),
          run.stats});
    }
    return rows;
  }

  /** The run of a row with the context columns, made from them the first time. */
  private static Run run(Map<String, Run> runs, TableRows.Values row) {
    return runs.computeIfAbsent(row.text(RUN_ID), id -> new Run(new Object[] {id,
        row.text(MLAPP), row.text(PIPELINE), row.text(NODE), row.text(HOST)}));
  }

  /**
   * Adds what the {@code lineage} table says each run read and wrote to {@code runs}, making the
   * runs it names that are not there yet; none when the table is not there yet.
   */
  private static void readLineage(Engine engine, StoreLayout store, Map<String, Run> runs) {
    TableRows.forEach(engine, store.tablePath(StoreTable.LINEAGE),
        List.of(RUN_ID, MLAPP, PIPELINE, NODE, HOST, TIME, LineageTable.DIRECTION,
            LineageTable.FORMAT, LineageTable.PATH, LineageTable.TABLE_NAME, LineageTable.VERSION),
        row -> {
          Run run = run(runs, row);
          run.time(row.whole(TIME));
          DataVersion data = new DataVersion(row.text(LineageTable.FORMAT),
              row.text(LineageTable.PATH), row.text(LineageTable.TABLE_NAME),
              row.whole(LineageTable.VERSION));
          (LineageTable.INPUT.equals(row.text(LineageTable.DIRECTION)) ? run.inputs : run.outputs)
              .add(data);
        });
  }

  private static List<Object[]> structs(Set<DataVersion> data) {
    return data.stream().map(DataVersion::struct).toList();
  }

  private static Map<String, Object> values(Map<String, Object[]> latest) {
    Map<String, Object> out = new TreeMap<>();
    latest.forEach((name, timeAndValue) -> out.put(name, timeAndValue[1]));
    return out;
  }
}
