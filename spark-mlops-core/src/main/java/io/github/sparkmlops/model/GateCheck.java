package io.github.sparkmlops.model;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link GateCondition} is given: the candidate version, the stage it is to move to, the
 * version in Production now (whose training profile is the natural drift baseline), the registry,
 * and the store's alerts. The registry makes one per gated {@link ModelRegistry#transition(String,
 * long, Stage, Gate) transition}, from one reading of its tables.
 */
public final class GateCheck {

  private final ModelVersion version;
  private final Stage target;
  private final Optional<ModelVersion> production;
  private final ModelRegistry registry;
  private final Function<Instant, List<Event>> alertsSince;

  /**
   * A candidate transition.
   *
   * @param version the version to move
   * @param target the stage it is to move to
   * @param production the version {@code models:/NAME/Production} names now, if any (may be {@code
   *     version} itself)
   * @param registry the registry the version is in
   * @param alertsSince the store's alert events at or after a time, oldest first
   * @throws IllegalArgumentException if an argument is null, or {@code production} is a version of
   *     another model
   */
  public GateCheck(ModelVersion version, Stage target, Optional<ModelVersion> production,
      ModelRegistry registry, Function<Instant, List<Event>> alertsSince) {
    this.version = Require.notNull("version", version);
    this.target = Require.notNull("target", target);
    this.production = Require.notNull("production", production);
    this.registry = Require.notNull("registry", registry);
    this.alertsSince = Require.notNull("alertsSince", alertsSince);
    production.ifPresent(p -> {
      if (!p.name().equals(version.name())) {
        throw new IllegalArgumentException("production must be a version of model '"
            + version.name() + "', got " + p.uri());
      }
    });
  }

  /**
   * The model's name.
   *
   * @return the name
   */
  public String name() {
    return version.name();
  }

  /**
   * The candidate version, as the registry held it when the gate was checked.
   *
   * @return the candidate version
   */
  public ModelVersion version() {
    return version;
  }

  /**
   * The stage the candidate is to move to.
   *
   * @return the target stage
   */
  public Stage target() {
    return target;
  }

  /**
   * The version {@code models:/NAME/Production} names now, if any (may be the candidate).
   *
   * @return the version in Production, or empty
   */
  public Optional<ModelVersion> production() {
    return production;
  }

  /**
   * The registry the candidate is in.
   *
   * @return the registry
   */
  public ModelRegistry registry() {
    return registry;
  }

  /**
   * The alert events ({@link io.github.sparkmlops.event.EventType#isAlert()}) in the store's
   * {@code events} table with a time at or after {@code since}, oldest first, from every
   * application writing to the store. Events still buffered (not flushed yet) are not there.
   *
   * @param since the earliest event time looked at
   * @return the alerts, oldest first
   * @throws IllegalArgumentException if {@code since} is null or outside the range of event times
   */
  public List<Event> alertsSince(Instant since) {
    return alertsSince.apply(Require.time("since", since));
  }

  /** {@code models:/NAME/VERSION to STAGE}. */
  @Override
  public String toString() {
    return version.uri() + " to " + target.title();
  }
}
