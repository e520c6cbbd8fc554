package io.github.sparkmlops.model;

/**
 * The model a {@code models:/} URI names, kept loaded for an inference pipeline ({@link
 * ModelRegistry#follow}): call {@link #get()} on every micro-batch.
 *
 * @param <T> the model's type
 */
public interface LiveModel<T> {

  /**
   * The model the URI names now. Checking costs two Delta snapshot loads of the registry's tables;
   * the model is reloaded (and its files verified) only when the URI names another version, and the
   * switch is recorded as a {@code MODEL_ACCEPTED} event. Once a model is loaded it keeps serving
   * when the URI names no version any more (Production emptied before the next version moved in)
   * or the version it names fails to load (a checksum refused): the problem is logged and raised
   * once as a {@code HEALTH_ALERT}, and the next change of the registry is tried again. It also
   * keeps serving while the registry cannot be read (a storage failure or throttling, a torn
   * commit, the store's folder gone): that is raised as one {@code HEALTH_ALERT} per outage, and the
   * registry is read again on every call.
   *
   * @return the model
   * @throws IllegalArgumentException if the URI names no version and no model was loaded yet
   * @throws IllegalStateException if the first version to load fails its checksum
   * @throws RuntimeException whatever reading the registry threw, if no model was loaded yet
   */
  T get();

  /**
   * The version {@link #get()} returned last, or null before the first call.
   *
   * @return the version, or null
   */
  ModelVersion version();
}
