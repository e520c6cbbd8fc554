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
   * switch is recorded as a {@code MODEL_ACCEPTED} event.
   *
   * @throws IllegalArgumentException if the URI names no version (yet)
   */
  T get();

  /** The version {@link #get()} returned last, or null before the first call. */
  ModelVersion version();
}
