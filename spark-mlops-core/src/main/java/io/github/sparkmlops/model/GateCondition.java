package io.github.sparkmlops.model;

import java.util.Optional;

/**
 * One condition of a {@link Gate}: whether a model version may move to a stage. The built-in ones
 * come from {@link Gate}'s factories; any other is a lambda or class of its own, whose {@code
 * toString()} should say the condition in words (it names the condition when it throws).
 */
@FunctionalInterface
public interface GateCondition {

  /**
   * Checks the condition on a candidate transition.
   *
   * @param candidate the transition to check
   * @return empty when the condition holds, else why not in words ({@code "accuracy 0.71 < 0.8"});
   *     a condition that throws counts as failed, with the exception's message as the reason
   */
  Optional<String> check(GateCheck candidate);
}
