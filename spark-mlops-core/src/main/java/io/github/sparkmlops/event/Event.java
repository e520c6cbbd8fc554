package io.github.sparkmlops.event;

import io.github.sparkmlops.internal.value.Json;
import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;

/**
 * An event or alert: a type, a severity, a title, an optional message and optional JSON details.
 *
 * <pre>{@code
 * mlops.event(Event.builder(EventType.DATA_ALERT, "null features")
 *     .severity(Severity.ERROR)
 *     .message("12% of rows have a null 'age'")
 *     .detailsJson("{\"column\":\"age\",\"nullFraction\":0.12}")
 *     .build());
 * }</pre>
 *
 * @param type what the event reports
 * @param severity how urgent it is; defaults to {@code WARNING} for alerts and {@code INFO} else
 * @param title a short name, checked like a stat name (the name rule of {@link
 *     io.github.sparkmlops.value})
 * @param message free text (may span lines), or null
 * @param detailsJson a JSON document, or null
 * @param time when it happened, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z;
 *     defaults to now
 */
public record Event(
    EventType type, Severity severity, String title, String message, String detailsJson,
    Instant time) {

  /** Largest message or details document accepted, in characters. */
  public static final int MAX_TEXT_LENGTH = 1 << 20;

  /**
   * Checks the event: type, severity, title and time given, the title a valid name, the message
   * and details at most {@value #MAX_TEXT_LENGTH} characters, the details a JSON document.
   *
   * @param type what the event reports
   * @param severity how urgent it is; defaults to {@code WARNING} for alerts and {@code INFO} else
   * @param title a short name, checked like a stat name (the name rule of {@link
   *     io.github.sparkmlops.value})
   * @param message free text (may span lines), or null
   * @param detailsJson a JSON document, or null
   * @param time when it happened, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z;
   *     defaults to now
   */
  public Event {
    Require.notNull("type", type);
    Require.notNull("severity", severity);
    Require.name("title", title);
    Require.time("time", time);
    if (message != null && message.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "message must be at most " + MAX_TEXT_LENGTH + " characters, got " + message.length());
    }
    if (detailsJson != null) {
      Json.validate("detailsJson", detailsJson, MAX_TEXT_LENGTH);
    }
  }

  /**
   * Whether this event is an alert (decided by its type).
   *
   * @return whether it is an alert
   */
  public boolean isAlert() {
    return type.isAlert();
  }

  /**
   * Starts an event of this type and title.
   *
   * @param type the event's type
   * @param title its title
   * @return the builder
   */
  public static Builder builder(EventType type, String title) {
    return new Builder(type, title);
  }

  /** Builds an {@link Event}; validation happens in {@link #build()}. */
  public static final class Builder {
    private final EventType type;
    private final String title;
    private Severity severity;
    private String message;
    private String detailsJson;
    private Instant time;

    private Builder(EventType type, String title) {
      this.type = Require.notNull("type", type);
      this.title = title;
    }

    /**
     * How urgent the event is; unset or null, {@code WARNING} for an alert and {@code INFO} else.
     *
     * @param severity the severity, or null
     * @return this builder, to chain calls
     */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /**
     * Free text, which may span lines.
     *
     * @param message the text, or null
     * @return this builder, to chain calls
     */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /**
     * Details as a JSON document, checked by {@link #build()}.
     *
     * @param detailsJson the document, or null
     * @return this builder, to chain calls
     */
    public Builder detailsJson(String detailsJson) {
      this.detailsJson = detailsJson;
      return this;
    }

    /**
     * When it happened, within the range of {@link Event#time()}; null means now.
     *
     * @param time when it happened, or null
     * @return this builder, to chain calls
     */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /**
     * Builds the event, checked as the {@link Event} constructor checks it.
     *
     * @return the event
     * @throws IllegalArgumentException if the title breaks the name rule, the time is out of range,
     *     or the message or details are too long (or the details are not JSON)
     */
    public Event build() {
      Severity s = severity != null ? severity : type.isAlert() ? Severity.WARNING : Severity.INFO;
      return new Event(type, s, title, message, detailsJson, time != null ? time : Instant.now());
    }
  }
}
