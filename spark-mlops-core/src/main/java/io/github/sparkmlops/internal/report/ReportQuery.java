package io.github.sparkmlops.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sparkmlops.internal.value.Require;
import java.time.Instant;
import java.util.List;

/**
 * What a report covers: the store, and the filters a user set (null or empty: none).
 *
 * @param store the store root
 * @param mlapp only this application's records
 * @param since only records at or after it
 * @param until only records before it
 * @param statPrefixes only stats whose names start with one of them
 * @param model only what concerns this model
 */
public record ReportQuery(String store, String mlapp, Instant since, Instant until,
    List<String> statPrefixes, String model) {

  public ReportQuery {
    Require.notNull("store", store);
    if (store.isBlank()) {
      throw new IllegalArgumentException("store must not be blank");
    }
    Require.notNull("statPrefixes", statPrefixes);
    for (String prefix : statPrefixes) {
      if (prefix == null || prefix.isEmpty()) {
        throw new IllegalArgumentException("a stat prefix must not be null or empty");
      }
    }
    statPrefixes = List.copyOf(statPrefixes);
  }

  /** The query with no filter. */
  public static ReportQuery of(String store) {
    return new ReportQuery(store, null, null, null, List.of(), null);
  }

  /**
   * Checks the filters together.
   *
   * @throws IllegalArgumentException if {@code until} is not after {@code since}
   */
  public void validate() {
    if (since != null && until != null && !until.isAfter(since)) {
      throw new IllegalArgumentException("until (" + until + ") must be after since (" + since
          + ")");
    }
  }

  /** The filters other than the time bounds, as they appear in the report and its table row. */
  ObjectNode filters(ObjectMapper json) {
    ObjectNode filters = json.createObjectNode();
    filters.put("mlapp", mlapp);
    ArrayNode stats = filters.putArray("stats");
    statPrefixes.forEach(stats::add);
    filters.put("model", model);
    return filters;
  }
}
