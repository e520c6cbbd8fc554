package io.github.sparkmlops.model;

import io.github.sparkmlops.run.RunContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructType;

/**
 * One published version of a model, as the registry held it when it was read: what was published
 * (immutable) and its current stage, aliases, tags and metrics. Made by the {@link ModelRegistry}.
 *
 * @param name the model's name
 * @param version its number, from 1, assigned at publication without gaps
 * @param format the MLlib class of the model ({@code org.apache.spark.ml.PipelineModel}), or
 *     {@code artifact:<kind>} for published files
 * @param location the folder holding the version's files, under the store root
 * @param checksum SHA-256 over every file's path, size and SHA-256; checked on every load
 * @param sizeBytes the files' total size
 * @param created when it was published
 * @param context the run that published it
 * @param description free text, empty when none was given
 * @param signature the input schema the model expects, when it was given at publication
 * @param metrics metrics given at publication and logged since ({@link ModelRegistry#logMetrics})
 * @param tags the version's tags as they stand
 * @param stage its current stage
 * @param aliases the aliases pointing at it
 * @param source for a promoted version, the store and version it was copied from
 * @param profile the stat name of the training data profile its run reported, if any: the drift
 *     baseline, stored in the stats of {@code context().runId()}
 */
public record ModelVersion(
    String name, long version, String format, String location, String checksum, long sizeBytes,
    Instant created, RunContext context, String description, Optional<StructType> signature,
    Map<String, Double> metrics, Map<String, String> tags, Stage stage, Set<String> aliases,
    Optional<String> source, Optional<String> profile) {

  /**
   * {@code models:/NAME/VERSION}: this exact version.
   *
   * @return the URI
   */
  public String uri() {
    return "models:/" + name + "/" + version;
  }

  @Override
  public String toString() {
    return uri() + " (" + stage.title() + (aliases.isEmpty() ? "" : ", @" + String.join(", @", aliases))
        + ", " + format + ")";
  }
}
