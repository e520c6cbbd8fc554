package io.github.sparkmlops.internal.store;

import io.github.sparkmlops.event.Event;
import io.github.sparkmlops.event.EventType;
import io.github.sparkmlops.event.Severity;
import io.github.sparkmlops.value.Histogram;
import io.github.sparkmlops.value.MultiLineGraph;
import io.github.sparkmlops.value.NumberValue;
import io.github.sparkmlops.value.OpaqueValue;
import io.github.sparkmlops.value.StatType;
import io.github.sparkmlops.value.StatValue;
import io.github.sparkmlops.value.Table;
import io.github.sparkmlops.value.TextValue;
import io.github.sparkmlops.value.VectorValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the store-v1 fixture with the version-1 code (run once:
 * {@code mvn test -Dtest=StoreV1FixtureWriter -Dfixture.out=DIR}); kept in the history of the
 * fixture's commit only, because once the schema evolves it would write a newer store.
 */
class StoreV1FixtureWriter {

  private static final Instant DAY1 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-01-02T10:00:00Z");

  @Test
  @EnabledIfSystemProperty(named = "fixture.out", matches = ".+")
  void write() throws Exception {
    StoreLayout layout = new StoreLayout(System.getProperty("fixture.out"));
    var writers = Store.writers(Store.engine(new Configuration()), layout);
    List<Object[]> stats = new ArrayList<>();
    stat(stats, 0, DAY1, "accuracy", StatType.NUMBER, new NumberValue(0.91));
    stat(stats, 1, DAY1, "revenue", StatType.KPI, new NumberValue(1234.5));
    stat(stats, 2, DAY1, "model", StatType.STRING, new TextValue("gbt-v1"));
    stat(stats, 3, DAY1, "weights", StatType.VECTOR,
        VectorValue.labelled(new double[] {0.5, -1.25}, List.of("a", "b")));
    stat(stats, 4, DAY2, "age", StatType.HISTOGRAM,
        Histogram.continuous(new double[] {0, 10, 20}, new double[] {3, 4}));
    stat(stats, 5, DAY2, "confusion", StatType.TABLE,
        Table.builder("label", "count", "ok").namedRow("r1", "yes", 7, true).row(null, 2, false).build());
    stat(stats, 6, DAY2, "loss", StatType.MULTI_LINE_GRAPH,
        MultiLineGraph.of(List.of("train", "test"), new double[] {0.1, 0.2}));
    stat(stats, 7, DAY2, "params", StatType.OPAQUE, OpaqueValue.ofJson("{\"depth\":5}"));
    writers.get(StoreTable.STATS).append("fixture", 1, stats);

    List<Object[]> events = new ArrayList<>();
    events.add(StoreSchema.eventRow(new EventRecord(TestRecords.CONTEXT, "fixture", 8,
        Event.builder(EventType.GENERIC, "started").severity(Severity.INFO).message("run began")
            .time(DAY1).build())));
    events.add(StoreSchema.eventRow(new EventRecord(TestRecords.CONTEXT, "fixture", 9,
        Event.builder(EventType.DATA_ALERT, "drift").severity(Severity.WARNING)
            .detailsJson("{\"psi\":0.3}").time(DAY2).build())));
    writers.get(StoreTable.EVENTS).append("fixture", 1, events);
  }

  private static void stat(List<Object[]> rows, long seq, Instant time, String name, StatType type,
      StatValue value) {
    rows.add(StoreSchema.statRow(new StatRecord(time, TestRecords.CONTEXT, "fixture", seq, name,
        type == StatType.KPI ? "TIME_SERIES" : "CONFIG", type, value)));
  }
}
