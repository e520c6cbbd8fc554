package io.github.sparkmlops.model;

import io.github.sparkmlops.internal.value.Require;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructType;

/**
 * What to record with a published version besides the model: description, tags, metrics, the input
 * signature and the training data profile. Immutable; each method returns a new instance.
 *
 * <pre>{@code
 * mlops.publishModel("churn", model, PublishOptions.none()
 *     .description("GBT on 2026-11 data").tag("team", "growth").metric("auc", 0.91)
 *     .signature(training.drop("label").schema()));
 * }</pre>
 */
public final class PublishOptions {

  private static final PublishOptions NONE =
      new PublishOptions("", Map.of(), Map.of(), null, null);

  private final String description;
  private final Map<String, String> tags;
  private final Map<String, Double> metrics;
  private final StructType signature;
  private final String profile;

  private PublishOptions(String description, Map<String, String> tags, Map<String, Double> metrics,
      StructType signature, String profile) {
    this.description = description;
    this.tags = tags;
    this.metrics = metrics;
    this.signature = signature;
    this.profile = profile;
  }

  /**
   * No description, tags, metrics nor signature; the run's last profile, if any, is recorded.
   *
   * @return options with nothing set
   */
  public static PublishOptions none() {
    return NONE;
  }

  /**
   * With a description (free text).
   *
   * @param text the description
   * @return these options, to chain calls
   */
  public PublishOptions description(String text) {
    return new PublishOptions(Require.notNull("description", text), tags, metrics, signature, profile);
  }

  /**
   * With a tag; the key follows the name rule.
   *
   * @param key the tag's key
   * @param value the tag's value
   * @return these options, to chain calls
   */
  public PublishOptions tag(String key, String value) {
    Map<String, String> more = new TreeMap<>(tags);
    more.put(Require.name("tag key", key), Require.notNull("tag value", value));
    return new PublishOptions(description, Collections.unmodifiableMap(more), metrics, signature, profile);
  }

  /**
   * With a metric; the name follows the name rule. NaN and infinities are kept as they are.
   *
   * @param name the metric's name
   * @param value its value
   * @return these options, to chain calls
   */
  public PublishOptions metric(String name, double value) {
    Map<String, Double> more = new TreeMap<>(metrics);
    more.put(Require.name("metric name", name), value);
    return new PublishOptions(description, tags, Collections.unmodifiableMap(more), signature, profile);
  }

  /**
   * With the input schema the model expects (e.g. the training data's feature columns), checked by
   * {@link ModelRegistry#checkSignature}.
   *
   * @param schema the columns the model reads
   * @return these options, to chain calls
   */
  public PublishOptions signature(StructType schema) {
    return new PublishOptions(description, tags, metrics, Require.notNull("signature", schema), profile);
  }

  /**
   * With the stat name of the training data profile (as given to {@code setDataDistributionStat}),
   * when it is not the last one this run reported.
   *
   * @param statName the profile's stat name
   * @return these options, to chain calls
   */
  public PublishOptions profile(String statName) {
    return new PublishOptions(description, tags, metrics, signature, Require.name("profile", statName));
  }

  /**
   * The description, empty when none.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * The tags, by key.
   *
   * @return the tags
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * The metrics, by name.
   *
   * @return the metrics
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * The input signature, if given.
   *
   * @return the schema, or empty
   */
  public Optional<StructType> signature() {
    return Optional.ofNullable(signature);
  }

  /**
   * The profile's stat name, if given.
   *
   * @return the stat name, or empty
   */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }
}
