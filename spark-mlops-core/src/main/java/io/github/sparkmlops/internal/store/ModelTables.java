package io.github.sparkmlops.internal.store;

import static io.github.sparkmlops.internal.store.StoreSchema.NAME;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model registry's two tables, both append-only: {@code model_versions} (one row per published
 * version, never changed) and {@code model_history} (one row per later change). A version's current
 * stage, aliases and tags are the fold of its history.
 */
public final class ModelTables {

  public static final String VERSION = "version";
  public static final String FORMAT = "format";
  public static final String LOCATION = "location";
  public static final String CHECKSUM = "checksum";
  public static final String SIZE_BYTES = "size_bytes";
  public static final String FILES = "files";
  public static final String DESCRIPTION = "description";
  public static final String SIGNATURE = "signature";
  public static final String METRICS = "metrics";
  public static final String TAGS = "tags";
  public static final String SOURCE = "source";
  public static final String PROFILE = "profile";

  public static final String ACTION = "action";
  public static final String FROM_STAGE = "from_stage";
  public static final String TO_STAGE = "to_stage";
  public static final String KEY = "key";
  public static final String TEXT = StoreSchema.TEXT;
  public static final String VALUE = StoreSchema.VALUE;
  public static final String REASON = "reason";
  public static final String EVENT_SEQ = "event_seq";

  /** {@code files}: path under the version's folder, size in bytes, SHA-256 in hex. */
  public static final StructType FILE_TYPE = new StructType()
      .add("path", StringType.STRING).add("size", LongType.LONG).add("sha256", StringType.STRING);

  /** An entry of {@code metrics}. */
  public static final StructType METRIC_TYPE =
      new StructType().add("name", StringType.STRING).add("value", DoubleType.DOUBLE);

  /** An entry of {@code tags}. */
  public static final StructType TAG_TYPE =
      new StructType().add("key", StringType.STRING).add("value", StringType.STRING);

  /** Published model versions; {@code time} is the publication time. */
  public static final TableSpec<ModelVersionRecord> VERSIONS = new TableSpec<>("model_versions",
      StoreSchema.withContext()
          .add(NAME, StringType.STRING)
          .add(VERSION, LongType.LONG)
          .add(FORMAT, StringType.STRING)
          .add(LOCATION, StringType.STRING)
          .add(CHECKSUM, StringType.STRING)
          .add(SIZE_BYTES, LongType.LONG)
          .add(FILES, new ArrayType(FILE_TYPE, true))
          .add(DESCRIPTION, StringType.STRING)
          .add(SIGNATURE, StringType.STRING)
          .add(METRICS, new ArrayType(METRIC_TYPE, true))
          .add(TAGS, new ArrayType(TAG_TYPE, true))
          .add(SOURCE, StringType.STRING)
          .add(PROFILE, StringType.STRING),
      TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS, TableSpec.meanings(
          StoreSchema.TIME, "When the version was published, in microseconds, UTC.",
          StoreSchema.WRITER_ID, "The publication's id, unique per publication: it tells a "
              + "publisher whether a version that landed during a lost commit race is its own.",
          StoreSchema.SEQ, "Always 0: a publication is one row.",
          NAME, "The model's name.",
          VERSION, "The version's number within the model, from 1.",
          FORMAT, "The MLlib class of the model, or `artifact:<kind>` for opaque files.",
          LOCATION, "The version's folder, relative to the store root "
              + "(`model_files/<name>/<publication id>/`).",
          CHECKSUM, "SHA-256 over the file list.",
          SIZE_BYTES, "The total size of the version's files, in bytes.",
          FILES, "Every file of the version: `path` under `location`, `size` in bytes, `sha256` "
              + "in hex.",
          DESCRIPTION, "The description given at publication, or null.",
          SIGNATURE, "The input schema the model expects, as Spark's schema JSON, or null.",
          METRICS, "The metrics given at publication, as `(name, value)` entries in name order.",
          TAGS, "The tags given at publication, as `(key, value)` entries in key order.",
          SOURCE, "Where a promoted version came from (`<store root> models:/NAME/VERSION`), or "
              + "null.",
          PROFILE, "The stat name of the training data profile (the drift baseline), or null.")),
      ModelTables::encodeVersion);

  /** Changes to registered models after publication; {@code time} is the change's. */
  public static final TableSpec<ModelHistoryRecord> HISTORY = new TableSpec<>("model_history",
      StoreSchema.withContext()
          .add(NAME, StringType.STRING)
          .add(VERSION, LongType.LONG)
          .add(ACTION, StringType.STRING)
          .add(FROM_STAGE, StringType.STRING)
          .add(TO_STAGE, StringType.STRING)
          .add(KEY, StringType.STRING)
          .add(TEXT, StringType.STRING)
          .add(VALUE, DoubleType.DOUBLE)
          .add(REASON, StringType.STRING)
          .add(EVENT_SEQ, LongType.LONG),
      TableSpec.meanings(StoreSchema.CONTEXT_MEANINGS, TableSpec.meanings(
          StoreSchema.TIME, "When the change was made, in microseconds, UTC.",
          StoreSchema.SEQ, "The change's `event_seq`.",
          NAME, "The model's name.",
          VERSION, "The version changed, or null for a change to the model (a model tag, an alias "
              + "removed).",
          ACTION, "What changed: `STAGE`, `ALIAS_SET`, `ALIAS_REMOVED`, `TAG_SET`, `TAG_REMOVED`, "
              + "`MODEL_TAG_SET`, `MODEL_TAG_REMOVED`, `METRIC`, `PROMOTED`, or "
              + "`TRANSITION_REFUSED` (a gate kept the version where it was).",
          FROM_STAGE, "The stage before a transition, or null.",
          TO_STAGE, "The stage after a transition (for `TRANSITION_REFUSED`, the stage asked "
              + "for), or null.",
          KEY, "The alias, tag key or metric name the change is about, or null.",
          TEXT, "The tag's value, or null.",
          VALUE, "The metric's value, or null.",
          REASON, "Why: the reason given, a gate's verdict, or the failures that refused a "
              + "transition; or null.",
          EVENT_SEQ, "The change's number among the model's changes, from 1, without gaps: the "
              + "order of changes, whatever the writers' clocks say.")),
      ModelTables::encodeHistory);

  private ModelTables() {}

  private static void encodeVersion(ModelVersionRecord r, TableSpec<ModelVersionRecord>.RowBuilder row) {
    StoreSchema.putContext(row, r.time(), r.context(), r.publishId(), 0);
    List<Object[]> files = new ArrayList<>(r.files().size());
    for (ModelVersionRecord.FileEntry f : r.files()) {
      files.add(new Object[] {f.path(), f.size(), f.sha256()});
    }
    row.set(NAME, r.name())
        .set(VERSION, r.version())
        .set(FORMAT, r.format())
        .set(LOCATION, r.location())
        .set(CHECKSUM, r.checksum())
        .set(SIZE_BYTES, r.sizeBytes())
        .set(FILES, files)
        .set(DESCRIPTION, r.description())
        .set(SIGNATURE, r.signature())
        .set(METRICS, entries(r.metrics()))
        .set(TAGS, entries(r.tags()))
        .set(SOURCE, r.source())
        .set(PROFILE, r.profile());
  }

  private static void encodeHistory(ModelHistoryRecord r, TableSpec<ModelHistoryRecord>.RowBuilder row) {
    StoreSchema.putContext(row, r.time(), r.context(), r.writerId(), r.eventSeq());
    row.set(NAME, r.name())
        .set(VERSION, r.version())
        .set(ACTION, r.action())
        .set(FROM_STAGE, r.fromStage())
        .set(TO_STAGE, r.toStage())
        .set(KEY, r.key())
        .set(TEXT, r.text())
        .set(VALUE, r.value())
        .set(REASON, r.reason())
        .set(EVENT_SEQ, r.eventSeq());
  }

  /** A map as a list of {@code (key, value)} structs, in key order. */
  private static List<Object[]> entries(Map<String, ?> map) {
    List<Object[]> out = new ArrayList<>(map.size());
    new TreeMap<>(map).forEach((k, v) -> out.add(new Object[] {k, v}));
    return out;
  }
}
