package io.github.sparkmlops.model;

import java.util.List;

/**
 * A gated {@link ModelRegistry#transition(String, long, Stage, Gate) transition} was refused: at
 * least one condition of its gate failed. The version did not move; the refusal is a {@code
 * TRANSITION_REFUSED} row of {@code model_history} whose {@code reason} holds the failures.
 */
public final class GateRefusedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** Why each failed condition failed, in the gate's order. */
  private final List<String> failures;

  /**
   * A refusal.
   *
   * @param message names the model, version, target stage and each failed condition
   * @param failures why each failed condition failed, in the gate's order
   */
  public GateRefusedException(String message, List<String> failures) {
    super(message);
    this.failures = List.copyOf(failures);
  }

  /**
   * Why each failed condition failed, in the gate's order.
   *
   * @return the reasons, one per failed condition
   */
  public List<String> failures() {
    return failures;
  }
}
