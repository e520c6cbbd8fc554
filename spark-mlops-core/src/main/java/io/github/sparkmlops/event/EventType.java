package io.github.sparkmlops.event;

/** What an event reports. The alert types are stored with {@code is_alert = true}. */
public enum EventType {
  /** Something worth a line in the run's history. */
  GENERIC(false),
  /** The input data looks wrong (missing values, out-of-range features). */
  DATA_ALERT(true),
  /** The model's health degraded (drift, falling accuracy). */
  HEALTH_ALERT(true),
  /** The system misbehaved (a failed job or stage, a store that cannot be written). */
  SYSTEM_ALERT(true),
  /** A canary comparison between two models found them too far apart. */
  CANARY_ALERT(true),
  /** A model was accepted for use. */
  MODEL_ACCEPTED(false);

  private final boolean alert;

  EventType(boolean alert) {
    this.alert = alert;
  }

  /**
   * Whether events of this type are alerts.
   *
   * @return whether they are alerts
   */
  public boolean isAlert() {
    return alert;
  }
}
