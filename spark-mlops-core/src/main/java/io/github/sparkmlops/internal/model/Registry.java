package io.github.sparkmlops.internal.model;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.internal.model.RegistryState.Action;
import io.github.sparkmlops.internal.model.RegistryState.Model;
import io.github.sparkmlops.internal.sink.RecordSink;
import io.github.sparkmlops.internal.store.ModelHistoryRecord;
import io.github.sparkmlops.internal.store.ModelRef;
import io.github.sparkmlops.internal.store.ModelVersionRecord;
import io.github.sparkmlops.internal.store.SeenTables;
import io.github.sparkmlops.internal.store.Store;
import io.github.sparkmlops.internal.store.StoreCheck;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.value.Json;
import io.github.sparkmlops.internal.value.Require;
import io.github.sparkmlops.model.Gate;
import io.github.sparkmlops.model.GateCheck;
import io.github.sparkmlops.model.GateRefusedException;
import io.github.sparkmlops.model.LiveModel;
import io.github.sparkmlops.model.ModelRegistry;
import io.github.sparkmlops.model.ModelVersion;
import io.github.sparkmlops.model.PublishOptions;
import io.github.sparkmlops.model.Stage;
import io.github.sparkmlops.run.RunContext;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.VectorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelRegistry} of one store, for one application run: changes carry the run's
 * context, stats and events about models go through the run's {@link RecordSink}.
 */
public final class Registry implements ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  /** Times a gate is checked again because the registry changed while it was checked. */
  private static final int GATE_ATTEMPTS = 3;

  private final RegistryTables tables;
  private final StoreAlerts alerts;
  private final RunContext context;
  private final Configuration hadoopConf;
  private final RecordSink sink;
  private final Supplier<String> lastProfile;
  /** The locations of versions found in this store, so stats attached to them read nothing. */
  private final Set<String> heldLocations = ConcurrentHashMap.newKeySet();

  /**
   * The registry of the store {@code sink} writes to, which shares what {@code sink}'s writers
   * have seen of it.
   *
   * @param sink where stats attached to versions and {@code MODEL_ACCEPTED} events go
   * @param lastProfile the stat name of the last profile this run reported, or null
   */
  public Registry(StoreLayout layout, RunContext context, Configuration hadoopConf, RecordSink sink,
      Supplier<String> lastProfile) {
    this(layout, context, hadoopConf, sink, lastProfile, sink.seenTables());
  }

  private Registry(StoreLayout layout, RunContext context, Configuration hadoopConf,
      RecordSink sink, Supplier<String> lastProfile, SeenTables seen) {
    Engine engine = Store.engine(hadoopConf);
    this.tables = new RegistryTables(engine, layout, seen);
    this.alerts = new StoreAlerts(engine, layout, seen);
    this.context = context;
    this.hadoopConf = hadoopConf;
    this.sink = sink;
    this.lastProfile = lastProfile;
  }

  @Override
  public ModelVersion publish(String name, MLWritable model) {
    return publish(name, model, PublishOptions.none());
  }

  @Override
  public ModelVersion publish(String name, MLWritable model, PublishOptions options) {
    Require.notNull("model", model);
    return publishFiles(name, model.getClass().getName(), options, null, context, null, folder -> {
      try {
        model.write().save(folder.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("Saving model " + name + " failed", e);
      }
    });
  }

  @Override
  public ModelVersion publishArtifact(String name, String source, String kind) {
    return publishArtifact(name, source, kind, PublishOptions.none());
  }

  @Override
  public ModelVersion publishArtifact(String name, String source, String kind,
      PublishOptions options) {
    Require.notNull("source", source);
    Require.name("kind", kind);
    return publishFiles(name, "artifact:" + kind, options, null, context, null,
        folder -> ModelFiles.copy(new Path(source), folder, hadoopConf));
  }

  /**
   * Writes a version's files into a folder of their own, then commits the version.
   *
   * @param source where a promoted version came from, or null
   * @param lineage the run that made the model (this run, or a promoted version's)
   * @param expectedChecksum the checksum the files must have (a promoted copy's), or null
   */
  private ModelVersion publishFiles(String name, String format, PublishOptions options,
      String source, RunContext lineage, String expectedChecksum, Consumer<Path> write) {
    ModelNames.model(name);
    Require.notNull("options", options);
    requireWrites();
    String publishId = UUID.randomUUID().toString();
    String location = StoreLayout.MODEL_FILES + "/" + name + "/" + publishId;
    Path folder = new Path(RegistryTables.absolute(tables.root(), location));
    // a store this application has seen vanish gets no files either (they would create it anew)
    tables.requireNotLost();
    ModelFiles.Manifest files;
    try {
      write.accept(folder);
      files = ModelFiles.manifest(folder, hadoopConf);
      if (expectedChecksum != null && !files.checksum().equals(expectedChecksum)) {
        throw new IllegalStateException("The copy of " + source + " has checksum "
            + files.checksum() + ", the source " + expectedChecksum + "; nothing was published");
      }
    } catch (RuntimeException | Error e) {
      deleteQuietly(folder);
      throw e;
    }
    String profile = options.profile().orElseGet(lastProfile);
    String signature = options.signature().map(StructType::json).orElse(null);
    Instant now = Instant.now();
    long version;
    try {
      version = tables.publish(name, publishId, v -> new ModelVersionRecord(now, lineage,
          publishId, name, v, format, location, files.checksum(), files.size(), files.files(),
          options.description(), signature, options.metrics(), options.tags(), source, profile));
    } catch (RuntimeException | Error e) {
      // an unclear failure may still have committed the version: its files must stay then
      if (!landed(name, publishId)) {
        deleteQuietly(folder);
      }
      throw e;
    }
    LOG.info("Published model {} version {} ({} files, {} bytes) at {}", name, version,
        files.files().size(), files.size(), folder);
    return version(name, version);
  }

  /** Whether a publication committed; true when that cannot be read (its files are kept). */
  private boolean landed(String name, String publishId) {
    try {
      return tables.ownVersion(name, publishId) != null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private void deleteQuietly(Path folder) {
    try {
      folder.getFileSystem(hadoopConf).delete(folder, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the files of a failed publication at {}", folder, e);
    }
  }

  private void requireWrites() {
    if (!sink.writes()) {
      throw new IllegalStateException(
          "Reporting is disabled (spark.mlops.enabled=false): the model registry cannot write");
    }
    sink.requireOpen();
  }

  @Override
  public ModelVersion get(String uri) {
    return tables.state().resolve(ModelUri.parse(uri));
  }

  @Override
  public Optional<ModelVersion> getAt(String uri, Instant time) {
    ModelUri parsed = ModelUri.parse(uri);
    Require.time("time", time);
    return tables.stateAt(time).find(parsed);
  }

  private ModelVersion version(String name, long version) {
    return tables.state().resolve(new ModelUri(name, version, null, null));
  }

  @Override
  public List<ModelVersion> versions(String name) {
    ModelNames.model(name);
    RegistryState state = tables.state();
    return state.versions(state.model(name).orElseThrow(
        () -> new IllegalArgumentException(state.missing(new ModelUri(name, null, null, null)))));
  }

  @Override
  public List<String> names() {
    return tables.state().names();
  }

  @Override
  public <T> T load(String uri, Class<T> type) {
    Require.notNull("type", type);
    return load(get(uri), type);
  }

  /** Loads a version after verifying its files. */
  <T> T load(ModelVersion version, Class<T> type) {
    verify(version);
    if (version.format().startsWith("artifact:")) {
      throw new IllegalStateException(version.uri() + " holds files (" + version.format()
          + "), not an MLlib model: read them at verifiedLocation(\"" + version.uri() + "\")");
    }
    Object model;
    try {
      // the class is named by a table row: check what it is before running any of its code
      Class<?> cls = Class.forName(version.format(), false,
          Thread.currentThread().getContextClassLoader());
      if (!MLWritable.class.isAssignableFrom(cls)) {
        throw new IllegalStateException("Cannot load " + version.uri() + ": its class "
            + version.format() + " is not an MLlib model");
      }
      if (!type.isAssignableFrom(cls)) {
        throw new ClassCastException(version.uri() + " is a " + version.format() + ", not a "
            + type.getName());
      }
      Method load = cls.getMethod("load", String.class);
      if (!Modifier.isStatic(load.getModifiers())) {
        throw new IllegalStateException(version.format() + " has no static load(String)");
      }
      // MLlib reads through Hadoop and Spark readers, which take a path as a glob pattern
      model = load.invoke(null, ModelFiles.literalPattern(version.location()));
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("Cannot load " + version.uri() + ": its class "
          + version.format() + " is not an MLlib model on this classpath", e);
    } catch (InvocationTargetException e) {
      throw new LoadFailedException("Loading " + version.uri() + " failed: " + e.getCause(),
          e.getCause());
    }
    if (!type.isInstance(model)) {
      throw new ClassCastException(version.uri() + " is a " + version.format() + ", not a "
          + type.getName());
    }
    return type.cast(model);
  }

  @Override
  public String verifiedLocation(String uri) {
    ModelVersion version = get(uri);
    verify(version);
    return version.location();
  }

  private void verify(ModelVersion version) {
    ModelVersionRecord r = tables.state().record(version);
    ModelFiles.verify(new Path(version.location()), r.files(), r.checksum(), hadoopConf,
        "Model " + version.uri());
  }

  @Override
  public <T> LiveModel<T> follow(String uri, Class<T> type) {
    ModelUri parsed = ModelUri.parse(uri);
    Require.notNull("type", type);
    return new FollowedModel<>(this, parsed, type);
  }

  /** The registry's tables, for {@link FollowedModel}'s cheap check. */
  RegistryTables tables() {
    return tables;
  }

  /** Records that a pipeline switched to another version. */
  void accepted(ModelUri uri, ModelVersion now, ModelVersion before) {
    String message = now.uri() + " accepted for " + uri
        + (before == null ? "" : ", replacing version " + before.version());
    try {
      sink.event(Event.builder(EventType.MODEL_ACCEPTED, "Model accepted: " + now.name())
          .message(message)
          .detailsJson(Json.write(Map.of("model", now.name(), "version", now.version(),
              "uri", uri.toString(), "previous", before == null ? -1 : before.version())))
          .build());
    } catch (IllegalStateException e) {
      LOG.info("{} (not recorded: {})", message, e.getMessage());
    }
  }

  /** Raises that a followed URI could not switch, and which version keeps serving. */
  void keptServing(ModelUri uri, ModelVersion serving, String why) {
    healthAlert("Model not switched: " + serving.name(),
        serving.uri() + " keeps serving " + uri + ": " + why);
  }

  /** Raises that a version could not be loaded now, and which version keeps serving meanwhile. */
  void loadFailed(ModelUri uri, ModelVersion serving, String why) {
    healthAlert("Model not switched yet: " + serving.name(), serving.uri() + " keeps serving "
        + uri + ": " + why + "; it is tried again on every call");
  }

  /**
   * MLlib's load of a version whose files were verified failed: not a verdict on the version (the
   * storage, throttling or the cluster may be at fault), so a followed model tries it again.
   */
  static final class LoadFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LoadFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Raises that the registry cannot be read, and which version keeps serving meanwhile. */
  void unreadable(ModelUri uri, ModelVersion serving, String why) {
    healthAlert("Model registry unreadable: " + serving.name(), serving.uri() + " keeps serving "
        + uri + ": the registry at " + tables.root() + " cannot be read (" + why
        + "); it is read again on every call");
  }

  private void healthAlert(String title, String message) {
    try {
      sink.event(Event.builder(EventType.HEALTH_ALERT, title).message(message).build());
    } catch (IllegalStateException e) {
      LOG.info("Not recorded ({}): {}", e.getMessage(), message);
    }
  }

  @Override
  public ModelVersion transition(String name, long version, Stage stage) {
    return transition(name, version, stage, false, null);
  }

  @Override
  public ModelVersion transition(String name, long version, Stage stage, boolean archiveOthers,
      String reason) {
    ModelNames.model(name);
    ModelNames.version(version);
    Require.notNull("stage", stage);
    requireWrites();
    tables.change(name, (state, seq, id) -> {
      Model m = existing(state, name, version);
      Stage from = m.stage(version);
      List<ModelHistoryRecord> rows = new ArrayList<>();
      if (from != stage) {
        rows.add(row(id, name, version, Action.STAGE, from, stage, null, null, null, reason, seq));
      }
      if (archiveOthers && stage == Stage.PRODUCTION) {
        for (long other : m.versions.keySet()) {
          if (other != version && m.stage(other) == Stage.PRODUCTION) {
            rows.add(row(id, name, other, Action.STAGE, Stage.PRODUCTION, Stage.ARCHIVED, null,
                null, null, "archived as version " + version + " went to Production",
                seq + rows.size()));
          }
        }
      }
      return rows;
    });
    return version(name, version);
  }

  @Override
  public ModelVersion transition(String name, long version, Stage stage, Gate gate) {
    ModelNames.model(name);
    ModelNames.version(version);
    Require.notNull("stage", stage);
    Require.notNull("gate", gate);
    requireWrites();
    ModelUri candidateUri = new ModelUri(name, version, null, null);
    ModelUri productionUri = new ModelUri(name, null, Stage.PRODUCTION, null);
    for (int attempt = 1; attempt <= GATE_ATTEMPTS; attempt++) {
      RegistryState read = tables.state();
      ModelVersion candidate = read.resolve(candidateUri);
      if (candidate.stage() == stage) {
        return candidate;
      }
      Optional<ModelVersion> production = read.find(productionUri);
      List<String> failures = gate.failures(
          new GateCheck(candidate, stage, production, this, alerts::since));
      // the verdict holds for the candidate and Production the conditions saw, and only for them
      boolean[] unchanged = new boolean[1];
      tables.change(name, (state, seq, id) -> {
        unchanged[0] = state.resolve(candidateUri).equals(candidate)
            && state.find(productionUri).equals(production);
        if (!unchanged[0]) {
          return List.of();
        }
        return List.of(failures.isEmpty()
            ? row(id, name, version, Action.STAGE, candidate.stage(), stage, null, null, null,
                "gate held: " + gate, seq)
            : row(id, name, version, Action.TRANSITION_REFUSED, candidate.stage(), stage, null,
                null, null, String.join("; ", failures), seq));
      });
      if (unchanged[0]) {
        if (!failures.isEmpty()) {
          throw new GateRefusedException(candidate.uri() + " was not moved to " + stage.title()
              + ": " + failures.size() + " of " + gate.conditions().size()
              + " gate conditions failed: " + String.join("; ", failures), failures);
        }
        return version(name, version);
      }
      LOG.info("{} or the Production version changed while its gate was checked; checking again",
          candidate.uri());
    }
    throw new IllegalStateException("models:/" + name + "/" + version + " or the Production "
        + "version changed while its gate was checked, " + GATE_ATTEMPTS
        + " times in a row; nothing was moved, try again");
  }

  @Override
  public ModelVersion setAlias(String name, String alias, long version) {
    ModelNames.model(name);
    ModelNames.alias(alias);
    ModelNames.version(version);
    requireWrites();
    tables.change(name, (state, seq, id) -> {
      Model m = existing(state, name, version);
      return Long.valueOf(version).equals(m.aliases.get(alias)) ? List.of()
          : List.of(row(id, name, version, Action.ALIAS_SET, null, null, alias, null, null, null, seq));
    });
    return version(name, version);
  }

  @Override
  public void removeAlias(String name, String alias) {
    ModelNames.model(name);
    ModelNames.alias(alias);
    requireWrites();
    tables.change(name, (state, seq, id) -> {
      Long version = state.resolve(new ModelUri(name, null, null, alias)).version();
      return List.of(row(id, name, version, Action.ALIAS_REMOVED, null, null, alias, null, null,
          null, seq));
    });
  }

  @Override
  public void setTag(String name, long version, String key, String value) {
    tag(name, version, Action.TAG_SET, key, Require.notNull("tag value", value));
  }

  @Override
  public void removeTag(String name, long version, String key) {
    tag(name, version, Action.TAG_REMOVED, key, null);
  }

  private void tag(String name, long version, Action action, String key, String value) {
    ModelNames.model(name);
    ModelNames.version(version);
    Require.name("tag key", key);
    requireWrites();
    tables.change(name, (state, seq, id) -> {
      Map<String, String> tags = existing(state, name, version).tags.getOrDefault(version, Map.of());
      boolean same = action == Action.TAG_SET ? value.equals(tags.get(key)) : !tags.containsKey(key);
      return same ? List.of()
          : List.of(row(id, name, version, action, null, null, key, value, null, null, seq));
    });
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    modelTag(name, Action.MODEL_TAG_SET, key, Require.notNull("tag value", value));
  }

  @Override
  public void removeModelTag(String name, String key) {
    modelTag(name, Action.MODEL_TAG_REMOVED, key, null);
  }

  private void modelTag(String name, Action action, String key, String value) {
    ModelNames.model(name);
    Require.name("tag key", key);
    requireWrites();
    tables.change(name, (state, seq, id) -> {
      Map<String, String> tags = existingModel(state, name).modelTags;
      boolean same = action == Action.MODEL_TAG_SET ? value.equals(tags.get(key))
          : !tags.containsKey(key);
      return same ? List.of()
          : List.of(row(id, name, null, action, null, null, key, value, null, null, seq));
    });
  }

  @Override
  public Map<String, String> modelTags(String name) {
    ModelNames.model(name);
    return Map.copyOf(existingModel(tables.state(), name).modelTags);
  }

  @Override
  public void logMetrics(ModelVersion version, Map<String, Double> metrics) {
    Require.notNull("version", version);
    Require.notNull("metrics", metrics);
    metrics.forEach((k, v) -> {
      Require.name("metric name", k);
      Require.notNull("metric " + k, v);
    });
    requireWrites();
    Map<String, Double> ordered = new LinkedHashMap<>(metrics);
    tables.change(version.name(), (state, seq, id) -> {
      requireHeld(state, version);
      List<ModelHistoryRecord> rows = new ArrayList<>();
      ordered.forEach((k, v) -> rows.add(row(id, version.name(), version.version(), Action.METRIC,
          null, null, k, null, v, null, seq + rows.size())));
      return rows;
    });
    Instant now = Instant.now();
    ordered.forEach((k, v) -> sink.modelStat(ref(version), k, new NumberValue(v), now));
  }

  @Override
  public Map<String, Double> evaluateClassification(ModelVersion version, Dataset<?> predictions,
      String labelColumn) {
    requireEvaluable(version, predictions, labelColumn);
    ModelEvaluation.Classification result = ModelEvaluation.classification(predictions, labelColumn);
    logMetrics(version, result.metrics());
    sink.modelStat(ref(version), "confusion_matrix", result.confusionMatrix(), Instant.now());
    return result.metrics();
  }

  @Override
  public Map<String, Double> evaluateRegression(ModelVersion version, Dataset<?> predictions,
      String labelColumn) {
    requireEvaluable(version, predictions, labelColumn);
    Map<String, Double> metrics = ModelEvaluation.regression(predictions, labelColumn);
    logMetrics(version, metrics);
    return metrics;
  }

  /** Checks an evaluation's arguments, and that its metrics can be logged, before any job runs. */
  private void requireEvaluable(ModelVersion version, Dataset<?> predictions, String labelColumn) {
    Require.notNull("version", version);
    Require.notNull("predictions", predictions);
    Require.name("labelColumn", labelColumn);
    requireWrites();
    requireHeld(version);
  }

  @Override
  public void logFeatureImportances(ModelVersion version, Vector importances,
      String... featureNames) {
    Require.notNull("version", version);
    Require.notNull("importances", importances);
    Require.notNull("featureNames", featureNames);
    VectorValue value = featureNames.length == 0 ? VectorValue.of(importances.toArray())
        : VectorValue.labelled(importances.toArray(), Arrays.asList(featureNames));
    requireWrites();
    requireHeld(version);
    sink.modelStat(ref(version), "feature_importances", value, Instant.now());
  }

  /**
   * Reports a stat attached to a version (the facade's {@code setStat(ModelVersion, ...)}): like
   * every report of the facade a validated no-op when reporting is disabled, and never refused
   * because the store cannot be read now (it is kept and written once it can); otherwise only for
   * a version this store holds.
   *
   * @throws IllegalArgumentException if an argument is invalid, or the store does not hold {@code
   *     model}
   * @throws IllegalStateException after {@code done()}
   */
  public void modelStat(ModelVersion model, String name, StatValue value) {
    Require.notNull("model", model);
    Require.name("name", name);
    Require.notNull("value", value);
    sink.requireOpen();
    if (sink.writes() && !heldLocations.contains(model.location())) {
      RegistryState state = null;
      try {
        state = tables.state();
      } catch (RuntimeException e) {
        LOG.warn("Cannot check now that the store {} holds {} ({}); its stat {} is kept",
            tables.root(), model.uri(), e.toString(), name);
      }
      if (state != null) {
        requireHeld(state, model);
      }
    }
    sink.modelStat(ref(model), name, value, Instant.now());
  }

  /** {@link #requireHeld(RegistryState, ModelVersion)} on the registry now, once per version. */
  private void requireHeld(ModelVersion version) {
    if (!heldLocations.contains(version.location())) {
      requireHeld(tables.state(), version);
    }
  }

  /**
   * Checks that the store holds {@code version}: the same publication, not only a version of the
   * same name and number (another store's, promoted or published there, has files of its own).
   * Publications never change, so a version found once is remembered.
   *
   * @throws IllegalArgumentException naming the version and what the store holds
   */
  private void requireHeld(RegistryState state, ModelVersion version) {
    ModelVersion held = state.resolve(new ModelUri(version.name(), version.version(), null, null));
    if (!version.location().endsWith("/" + state.record(held).location())) {
      throw new IllegalArgumentException(version.uri() + " at " + version.location()
          + " is not a version of the store " + tables.root() + ", whose " + held.uri()
          + " is at " + held.location() + ": use the versions its registry returns");
    }
    heldLocations.add(version.location());
  }

  @Override
  public void checkSignature(ModelVersion version, Dataset<?> data) {
    Require.notNull("version", version);
    Require.notNull("data", data);
    StructType expected = version.signature().orElseThrow(() -> new IllegalStateException(
        version.uri() + " was published without a signature: give PublishOptions.signature(schema)"));
    StructType actual = data.schema();
    List<String> problems = new ArrayList<>();
    for (StructField field : expected.fields()) {
      Optional<StructField> found =
          Arrays.stream(actual.fields()).filter(f -> f.name().equals(field.name())).findFirst();
      if (found.isEmpty()) {
        problems.add("column '" + field.name() + "' (" + field.dataType().simpleString() + ") is missing");
      } else if (!found.get().dataType().sameType(field.dataType())) {
        problems.add("column '" + field.name() + "' is " + found.get().dataType().simpleString()
            + ", the model expects " + field.dataType().simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("The data does not match the signature of "
          + version.uri() + ": " + String.join("; ", problems));
    }
  }

  @Override
  public ModelVersion promote(String uri, String targetStore) {
    ModelVersion version = get(uri);
    Require.notNull("targetStore", targetStore);
    StoreLayout target = new StoreLayout(targetStore);
    StoreCheck.requireUsable(target, hadoopConf, "targetStore");
    if (sameStore(target)) {
      throw new IllegalArgumentException("promote() copies to another store; " + targetStore
          + " is this registry's own store");
    }
    requireWrites();
    verify(version);
    Model model = tables.state().model(version.name()).orElseThrow();
    PublishOptions options = PublishOptions.none().description(version.description());
    for (Map.Entry<String, String> tag : version.tags().entrySet()) {
      options = options.tag(tag.getKey(), tag.getValue());
    }
    for (Map.Entry<String, Double> metric : version.metrics().entrySet()) {
      options = options.metric(metric.getKey(), metric.getValue());
    }
    if (version.signature().isPresent()) {
      options = options.signature(version.signature().get());
    }
    // the version row keeps the training run (lineage); the history row names this run
    Registry other = new Registry(target, context, hadoopConf, sink, () -> null, new SeenTables());
    // read first: a target whose tables are not Delta tables is refused before anything is copied
    other.tables.state();
    String source = tables.root() + " " + version.uri();
    ModelVersion copied = other.publishFiles(version.name(), version.format(), options, source,
        version.context(), version.checksum(),
        folder -> ModelFiles.copy(new Path(version.location()), folder, hadoopConf));
    String history = Json.write(model.history.stream()
        .filter(h -> h.version() == null || h.version() == version.version())
        .map(Registry::describe)
        .toList());
    other.tables.change(version.name(), (s, seq, id) -> List.of(other.row(id, copied.name(),
        copied.version(), Action.PROMOTED, null, null, null, history, null,
        "promoted from " + source, seq)));
    LOG.info("Promoted {} from {} to {} as version {}", version.uri(), tables.root(), targetStore,
        copied.version());
    return other.version(copied.name(), copied.version());
  }

  /** A history row as a map, for the history a promoted version carries. */
  private static Map<String, Object> describe(ModelHistoryRecord h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", h.time().toString());
    out.put("action", h.action());
    out.put("version", h.version());
    out.put("detail", h.toStage() != null ? h.fromStage() + " -> " + h.toStage()
        : h.key() + (h.text() != null ? "=" + h.text() : h.value() != null ? "=" + h.value() : ""));
    out.put("reason", h.reason());
    out.put("run_id", h.context().runId());
    return out;
  }

  private boolean sameStore(StoreLayout other) {
    try {
      Path mine = new Path(tables.root());
      Path theirs = new Path(other.root());
      return mine.getFileSystem(hadoopConf).makeQualified(mine)
          .equals(theirs.getFileSystem(hadoopConf).makeQualified(theirs));
    } catch (IOException e) {
      return tables.root().equals(other.root());
    }
  }

  private static Model existing(RegistryState state, String name, long version) {
    state.resolve(new ModelUri(name, version, null, null));
    return state.model(name).orElseThrow();
  }

  private static Model existingModel(RegistryState state, String name) {
    state.resolve(new ModelUri(name, null, null, null));
    return state.model(name).orElseThrow();
  }

  private static ModelRef ref(ModelVersion version) {
    return new ModelRef(version.name(), version.version());
  }

  private ModelHistoryRecord row(String changeId, String name, Long version, Action action,
      Stage from, Stage to, String key, String text, Double value, String reason, long seq) {
    return new ModelHistoryRecord(Instant.now(), context, changeId, name, version, action.name(),
        from == null ? null : from.title(), to == null ? null : to.title(), key, text, value,
        reason, seq);
  }
}
