package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.run.RunContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of the {@code model_versions} table: a published model version, written once and never
 * changed (its stage, aliases and later tags live in {@code model_history}).
 *
 * @param publishId unique per publication, stored in {@code writer_id}: tells a publisher whether
 *     a version that landed during a lost commit race is its own
 * @param format the MLlib class of the model, or {@code artifact:<kind>} for opaque files
 * @param location the version's folder, relative to the store root
 * @param checksum SHA-256 over the file list (see {@code internal.model.ModelFiles})
 * @param files every file of the version, relative to {@code location}
 * @param signature the input schema the model expects, as Spark's schema JSON, or null
 * @param source where a promoted version came from ({@code <store root> models:/NAME/VERSION}), or null
 * @param profile the stat name of the training data profile the run reported, or null
 */
public record ModelVersionRecord(
    Instant time, RunContext context, String publishId, String name, long version, String format,
    String location, String checksum, long sizeBytes, List<FileEntry> files, String description,
    String signature, Map<String, Double> metrics, Map<String, String> tags, String source,
    String profile) {

  /** One file of a model version: its path under the version's folder, size and SHA-256. */
  public record FileEntry(String path, long size, String sha256) {}
}
