package io.github.sparkmlops.internal.model;

import static io.github.sparkmlops.internal.store.StoreSchema.DETAILS;
import static io.github.sparkmlops.internal.store.StoreSchema.IS_ALERT;
import static io.github.sparkmlops.internal.store.StoreSchema.MESSAGE;
import static io.github.sparkmlops.internal.store.StoreSchema.SEVERITY;
import static io.github.sparkmlops.internal.store.StoreSchema.TIME;
import static io.github.sparkmlops.internal.store.StoreSchema.TITLE;
import static io.github.sparkmlops.internal.store.StoreSchema.TYPE;

import io.delta.kernel.engine.Engine;
import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.internal.store.SeenTables;
import io.github.sparkmlops.internal.store.StoreLayout;
import io.github.sparkmlops.internal.store.StoreTable;
import io.github.sparkmlops.internal.store.StoreTime;
import io.github.sparkmlops.internal.store.TableRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The alerts of a store's {@code events} table, read on the driver through Kernel as the registry
 * reads its own tables: what a gate's {@code noAlertSince} asks.
 */
final class StoreAlerts {

  private static final List<String> COLUMNS =
      List.of(TIME, TYPE, SEVERITY, IS_ALERT, TITLE, MESSAGE, DETAILS);

  private final Engine engine;
  private final String path;
  private final SeenTables seen;

  StoreAlerts(Engine engine, StoreLayout layout, SeenTables seen) {
    this.engine = engine;
    this.path = layout.tablePath(StoreTable.EVENTS);
    this.seen = seen;
  }

  /**
   * The rows with {@code is_alert} and a time at or after {@code since}, as events, oldest first.
   *
   * @throws IllegalStateException if such a row cannot be read as an event (a type or severity
   *     this version does not know): a gate must not pass over an alert it cannot read
   * @throws io.github.sparkmlops.internal.store.TableLostException if the table this application
   *     wrote to is gone
   */
  List<Event> since(Instant since) {
    long from = StoreTime.micros(since);
    List<Event> alerts = new ArrayList<>();
    long version = TableRows.forEach(engine, path, COLUMNS, row -> {
      Long time = row.whole(TIME);
      if (Boolean.TRUE.equals(row.get(IS_ALERT)) && time != null && time >= from) {
        alerts.add(event(row));
      }
    });
    if (version < 0) {
      seen.requireNoneLost(engine, StoreTable.EVENTS.directory(), path);
    }
    alerts.sort(Comparator.comparing(Event::time));
    return alerts;
  }

  private Event event(TableRows.Values row) {
    try {
      return Event.builder(EventType.valueOf(row.text(TYPE)), row.text(TITLE))
          .severity(Severity.valueOf(row.text(SEVERITY)))
          .message(row.text(MESSAGE))
          .detailsJson(row.text(DETAILS))
          .time(row.time(TIME))
          .build();
    } catch (RuntimeException e) {
      throw new IllegalStateException("An alert of " + path + " at " + row.time(TIME)
          + " cannot be read (type " + row.text(TYPE) + ", severity " + row.text(SEVERITY)
          + ", title '" + row.text(TITLE) + "'): " + e.getMessage(), e);
    }
  }
}
