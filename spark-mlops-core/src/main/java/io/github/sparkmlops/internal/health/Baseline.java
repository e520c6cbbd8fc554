package io.github.sparkmlops.internal.health;

import io.github.sparkmlops.internal.aggregate.ProfileBuffer;
import io.github.sparkmlops.internal.aggregate.ProfileResult;
import io.github.sparkmlops.internal.store.ModelRef;
import java.util.Optional;

/**
 * A profile to compare data with, and what to call it in the drift table.
 *
 * @param label a {@code models:/} URI of one version, a stored profile's name, or {@code dataset}
 * @param profile the profile's mergeable state
 * @param model the model version whose training profile it is, or null
 */
record Baseline(String label, ProfileResult profile, ModelRef model) {

  /** The state of a column, if the baseline profiled it. */
  Optional<ProfileBuffer.Column> column(String name) {
    int i = profile.columns().indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(profile.buffer().column(i));
  }

  /** Whether drift can compare the column: the baseline holds it, numeric or categorical. */
  boolean comparable(String name) {
    return column(name).filter(c -> c instanceof ProfileBuffer.Numeric
        || c instanceof ProfileBuffer.Categorical).isPresent();
  }
}
