package io.github.sparkmlops.internal.model;

import static io.github.sparkmlops.internal.store.ModelTables.ACTION;
import static io.github.sparkmlops.internal.store.ModelTables.CHECKSUM;
import static io.github.sparkmlops.internal.store.ModelTables.DESCRIPTION;
import static io.github.sparkmlops.internal.store.ModelTables.EVENT_SEQ;
import static io.github.sparkmlops.internal.store.ModelTables.FILES;
import static io.github.sparkmlops.internal.store.ModelTables.FORMAT;
import static io.github.sparkmlops.internal.store.ModelTables.FROM_STAGE;
import static io.github.sparkmlops.internal.store.ModelTables.KEY;
import static io.github.sparkmlops.internal.store.ModelTables.LOCATION;
import static io.github.sparkmlops.internal.store.ModelTables.METRICS;
import static io.github.sparkmlops.internal.store.ModelTables.PROFILE;
import static io.github.sparkmlops.internal.store.ModelTables.REASON;
import static io.github.sparkmlops.internal.store.ModelTables.SIGNATURE;
import static io.github.sparkmlops.internal.store.ModelTables.SIZE_BYTES;
import static io.github.sparkmlops.internal.store.ModelTables.SOURCE;
import static io.github.sparkmlops.internal.store.ModelTables.TAGS;
import static io.github.sparkmlops.internal.store.ModelTables.TEXT;
import static io.github.sparkmlops.internal.store.ModelTables.TO_STAGE;
import static io.github.sparkmlops.internal.store.ModelTables.VALUE;
import static io.github.sparkmlops.internal.store.ModelTables.VERSION;
import static io.github.sparkmlops.internal.store.StoreSchema.HOST;
import static io.github.sparkmlops.internal.store.StoreSchema.MLAPP;
import static io.github.sparkmlops.internal.store.StoreSchema.NAME;
import static io.github.sparkmlops.internal.store.StoreSchema.NODE;
import static io.github.sparkmlops.internal.store.StoreSchema.PIPELINE;
import static io.github.sparkmlops.internal.store.StoreSchema.RUN_ID;
import static io.github.sparkmlops.internal.store.StoreSchema.TIME;
import static io.github.sparkmlops.internal.store.StoreSchema.WRITER_ID;

import io.github.sparkmlops.internal.store.ModelHistoryRecord;
import io.github.sparkmlops.internal.store.ModelVersionRecord;
import io.github.sparkmlops.internal.store.ModelVersionRecord.FileEntry;
import io.github.sparkmlops.internal.store.TableRows;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.run.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as its two tables say, at one moment: every published version, and the fold of the
 * history into each version's stage, tags and metrics and each model's aliases and tags. Changes of
 * a model are folded in their {@code event_seq} order.
 */
final class RegistryState {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

  /** The model_versions columns read. */
  static final List<String> VERSION_COLUMNS = List.of(TIME, MLAPP, PIPELINE, NODE, RUN_ID, HOST,
      WRITER_ID, NAME, VERSION, FORMAT, LOCATION, CHECKSUM, SIZE_BYTES, FILES, DESCRIPTION,
      SIGNATURE, METRICS, TAGS, SOURCE, PROFILE);

  /** The model_history columns read. */
  static final List<String> HISTORY_COLUMNS = List.of(TIME, MLAPP, PIPELINE, NODE, RUN_ID, HOST,
      WRITER_ID, NAME, VERSION, ACTION, FROM_STAGE, TO_STAGE, KEY, TEXT, VALUE, REASON, EVENT_SEQ);

  /** What a history row records. */
  enum Action { STAGE, ALIAS_SET, ALIAS_REMOVED, TAG_SET, TAG_REMOVED, MODEL_TAG_SET,
    MODEL_TAG_REMOVED, METRIC, PROMOTED, TRANSITION_REFUSED }

  /** One model's state. */
  static final class Model {
    final String name;
    final TreeMap<Long, ModelVersionRecord> versions = new TreeMap<>();
    final Map<Long, Stage> stages = new HashMap<>();
    final Map<Long, Map<String, String>> tags = new HashMap<>();
    final Map<Long, Map<String, Double>> metrics = new HashMap<>();
    final Map<String, Long> aliases = new TreeMap<>();
    final Map<String, String> modelTags = new TreeMap<>();
    final List<ModelHistoryRecord> history = new ArrayList<>();
    long lastEventSeq;

    Model(String name) {
      this.name = name;
    }

    Stage stage(long version) {
      return stages.getOrDefault(version, Stage.NONE);
    }
  }

  private final Map<String, Model> models = new TreeMap<>();
  private final String root;

  private RegistryState(String root) {
    this.root = root;
  }

  /**
   * The state from the tables' rows, with only what happened at or before {@code asOf} (null: all):
   * versions published by then, and each model's changes up to the first made after it.
   */
  static RegistryState fold(String root, List<ModelVersionRecord> versions,
      List<ModelHistoryRecord> history, Instant asOf) {
    RegistryState state = new RegistryState(root);
    for (ModelVersionRecord v : versions) {
      if (asOf == null || !v.time().isAfter(asOf)) {
        Model m = state.models.computeIfAbsent(v.name(), Model::new);
        m.versions.put(v.version(), v);
        m.tags.put(v.version(), new TreeMap<>(v.tags()));
        m.metrics.put(v.version(), new TreeMap<>(v.metrics()));
      }
    }
    List<ModelHistoryRecord> ordered = new ArrayList<>(history);
    ordered.sort(Comparator.comparing(ModelHistoryRecord::name)
        .thenComparingLong(ModelHistoryRecord::eventSeq));
    Set<String> cut = new TreeSet<>();
    for (ModelHistoryRecord h : ordered) {
      Model m = state.models.computeIfAbsent(h.name(), Model::new);
      m.lastEventSeq = Math.max(m.lastEventSeq, h.eventSeq());
      // as of a time: the model's changes up to the first one made after it, in their order
      // (writers' clocks may disagree; the order may not)
      if (asOf != null && h.time().isAfter(asOf)) {
        cut.add(h.name());
      }
      if (!cut.contains(h.name())) {
        m.history.add(h);
        apply(m, h);
      }
    }
    state.models.values().removeIf(m -> m.versions.isEmpty() && m.modelTags.isEmpty());
    return state;
  }

  private static void apply(Model m, ModelHistoryRecord h) {
    Long v = h.version();
    Action action;
    try {
      action = Action.valueOf(h.action());
    } catch (IllegalArgumentException writtenByANewerVersion) {
      return;
    }
    switch (action) {
      case STAGE -> m.stages.put(v, Stage.parse(h.toStage()));
      case ALIAS_SET -> m.aliases.put(h.key(), v);
      case ALIAS_REMOVED -> m.aliases.remove(h.key());
      case TAG_SET -> m.tags.computeIfAbsent(v, k -> new TreeMap<>()).put(h.key(), h.text());
      case TAG_REMOVED -> m.tags.computeIfAbsent(v, k -> new TreeMap<>()).remove(h.key());
      case MODEL_TAG_SET -> m.modelTags.put(h.key(), h.text());
      case MODEL_TAG_REMOVED -> m.modelTags.remove(h.key());
      case METRIC -> m.metrics.computeIfAbsent(v, k -> new TreeMap<>()).put(h.key(), h.value());
      // records of where the version came from, and of a move a gate refused: no state
      case PROMOTED, TRANSITION_REFUSED -> { }
    }
  }

  /** The model named {@code name}, if it has a version. */
  Optional<Model> model(String name) {
    return Optional.ofNullable(models.get(name)).filter(m -> !m.versions.isEmpty());
  }

  /** The highest event number of a model's history (0 when none). */
  long lastEventSeq(String name) {
    Model m = models.get(name);
    return m == null ? 0 : m.lastEventSeq;
  }

  /** The models with at least one version, by name. */
  List<Model> models() {
    return models.values().stream().filter(m -> !m.versions.isEmpty()).toList();
  }

  /** The names of the models, sorted. */
  List<String> names() {
    return models().stream().map(m -> m.name).toList();
  }

  /** The version a URI names, if any. */
  Optional<ModelVersion> find(ModelUri uri) {
    Model m = models.get(uri.name());
    if (m == null || m.versions.isEmpty()) {
      return Optional.empty();
    }
    Long version;
    if (uri.version() != null) {
      version = m.versions.containsKey(uri.version()) ? uri.version() : null;
    } else if (uri.stage() != null) {
      version = m.versions.descendingKeySet().stream()
          .filter(v -> m.stage(v) == uri.stage()).findFirst().orElse(null);
    } else if (uri.alias() != null) {
      version = m.aliases.get(uri.alias());
    } else {
      version = m.versions.lastKey();
    }
    // as of a time, a change may name a version published (by another clock) after that time
    return Optional.ofNullable(version).filter(m.versions::containsKey).map(v -> version(m, v));
  }

  /**
   * The version a URI names.
   *
   * @throws IllegalArgumentException naming what was asked and what exists
   */
  ModelVersion resolve(ModelUri uri) {
    return find(uri).orElseThrow(() -> new IllegalArgumentException(missing(uri)));
  }

  /** What a user is told when {@code uri} names nothing: what there is instead. */
  String missing(ModelUri uri) {
    Model m = models.get(uri.name());
    if (m == null || m.versions.isEmpty()) {
      return "No model named '" + uri.name() + "' in the store " + root + "; "
          + (names().isEmpty() ? "it has no models" : "its models are " + String.join(", ", names()));
    }
    String versions = m.versions.keySet().stream()
        .map(v -> v + " (" + m.stage(v).title() + ")").collect(Collectors.joining(", "));
    if (uri.alias() != null) {
      return "Model '" + m.name + "' has no alias '" + uri.alias() + "'; " + (m.aliases.isEmpty()
          ? "it has no aliases" : "its aliases are " + m.aliases.entrySet().stream()
              .map(e -> "@" + e.getKey() + " -> " + e.getValue()).collect(Collectors.joining(", ")));
    }
    if (uri.stage() != null) {
      return "Model '" + m.name + "' has no version in stage " + uri.stage().title()
          + "; its versions are " + versions;
    }
    return "Model '" + m.name + "' has no version " + uri.version() + "; its versions are " + versions;
  }

  /**
   * Every version of a model as it stands, oldest first. A version whose row was edited out of use
   * (a location outside the store, a malformed signature) is left out with a warning, so that one
   * such row does not hide the others; the {@code models} view shows it with its problem.
   */
  List<ModelVersion> versions(Model m) {
    List<ModelVersion> usable = new ArrayList<>();
    for (long v : m.versions.keySet()) {
      try {
        usable.add(version(m, v));
      } catch (RuntimeException e) {
        LOG.warn("Version {} of model {} in {} is left out: {}", v, m.name, root, e.getMessage());
      }
    }
    return usable;
  }

  /** A version as it stands. */
  ModelVersion version(Model m, long v) {
    ModelVersionRecord r = m.versions.get(v);
    return version(m, v, RegistryTables.absolute(root, r.location()),
        Optional.ofNullable(r.signature()).map(s -> (StructType) DataType.fromJson(s)));
  }

  /**
   * A version as it stands, without its location and signature: for a row edited by hand so that
   * {@link #version(Model, long)} refuses them, which the {@code models} view still shows.
   */
  ModelVersion withoutLocation(Model m, long v) {
    return version(m, v, null, Optional.empty());
  }

  private ModelVersion version(Model m, long v, String location, Optional<StructType> signature) {
    ModelVersionRecord r = m.versions.get(v);
    Set<String> aliases = new TreeSet<>();
    m.aliases.forEach((alias, target) -> {
      if (target == v) {
        aliases.add(alias);
      }
    });
    return new ModelVersion(r.name(), v, r.format(), location,
        r.checksum(), r.sizeBytes(), r.time(), r.context(), r.description() == null ? ""
            : r.description(),
        signature,
        Collections.unmodifiableMap(new LinkedHashMap<>(m.metrics.getOrDefault(v, Map.of()))),
        Collections.unmodifiableMap(new LinkedHashMap<>(m.tags.getOrDefault(v, Map.of()))),
        m.stage(v), Collections.unmodifiableSet(aliases), Optional.ofNullable(r.source()),
        Optional.ofNullable(r.profile()));
  }

  /** The stored record of a version (its location relative to the store, its manifest). */
  ModelVersionRecord record(ModelVersion v) {
    return models.get(v.name()).versions.get(v.version());
  }

  /** A model_versions row as its record. */
  @SuppressWarnings("unchecked")
  static ModelVersionRecord versionRecord(TableRows.Values row) {
    List<FileEntry> files = new ArrayList<>();
    for (Object[] f : (List<Object[]>) row.get(FILES)) {
      files.add(new FileEntry((String) f[0], (Long) f[1], (String) f[2]));
    }
    Map<String, Double> metrics = new TreeMap<>();
    for (Object[] e : (List<Object[]>) row.get(METRICS)) {
      metrics.put((String) e[0], (Double) e[1]);
    }
    Map<String, String> tags = new TreeMap<>();
    for (Object[] e : (List<Object[]>) row.get(TAGS)) {
      tags.put((String) e[0], (String) e[1]);
    }
    return new ModelVersionRecord(row.time(TIME), context(row), row.text(WRITER_ID),
        row.text(NAME), row.whole(VERSION), row.text(FORMAT), row.text(LOCATION),
        row.text(CHECKSUM), row.whole(SIZE_BYTES), files, row.text(DESCRIPTION),
        row.text(SIGNATURE), metrics, tags, row.text(SOURCE), row.text(PROFILE));
  }

  /** A model_history row as its record. */
  static ModelHistoryRecord historyRecord(TableRows.Values row) {
    return new ModelHistoryRecord(row.time(TIME), context(row), row.text(WRITER_ID), row.text(NAME),
        row.whole(VERSION), row.text(ACTION), row.text(FROM_STAGE), row.text(TO_STAGE),
        row.text(KEY), row.text(TEXT), (Double) row.get(VALUE), row.text(REASON),
        row.whole(EVENT_SEQ));
  }

  private static RunContext context(TableRows.Values row) {
    return new RunContext(row.text(MLAPP), row.text(PIPELINE), row.text(NODE), row.text(RUN_ID),
        row.text(HOST));
  }
}
