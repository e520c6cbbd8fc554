package io.github.sparkmlops.internal.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkmlops.sketch.NamedStat;
import io.github.sparkmlops.value.OpaqueValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A profile's mergeable state as it is stored next to the profile's stats, so that a stored
 * profile can be compared with new data later (a drift baseline) without reading the data again:
 * the stat {@code <profile>#sketch}, one opaque row per column holding that column's state (its
 * sketch, exact counts and moments: the {@link ProfileBuffer} encoding of the column alone, in
 * Base64), so that no single value grows with the number of columns.
 */
public final class ProfileSketches {

  /** The version of the rows' JSON layout. */
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileSketches() {}

  /** The name of the stat holding the state of the profile reported as {@code profileName}. */
  public static String statName(String profileName) {
    return profileName + "#sketch";
  }

  /** The rows of {@link #statName}: one per column of {@code result}. */
  public static List<NamedStat> stats(String profileName, ProfileResult result) {
    List<NamedStat> out = new ArrayList<>();
    List<String> columns = result.columns();
    for (int i = 0; i < columns.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("format", FORMAT_VERSION);
      row.put("column", columns.get(i));
      row.put("state", Base64.getEncoder().encodeToString(result.buffer().only(i).toBytes()));
      out.add(new NamedStat(statName(profileName), OpaqueValue.of(row)));
    }
    return out;
  }

  /**
   * The profile the rows of one report of {@link #statName} hold, its columns in the rows' order.
   *
   * @throws IllegalArgumentException if a row is not such a row, or two name one column
   */
  public static ProfileResult read(List<String> jsonRows) {
    List<String> columns = new ArrayList<>();
    List<ProfileBuffer> singles = new ArrayList<>();
    for (String json : jsonRows) {
      JsonNode row;
      try {
        row = JSON.readTree(json);
      } catch (IOException e) {
        throw new IllegalArgumentException("a stored profile sketch is not JSON: " + e.getMessage(), e);
      }
      if (row == null || row.path("format").asInt(-1) != FORMAT_VERSION
          || !row.path("column").isTextual() || !row.path("state").isTextual()) {
        throw new IllegalArgumentException("a stored profile sketch is not in the format of "
            + "version " + FORMAT_VERSION + " (written by a newer spark-mlops?)");
      }
      String column = row.get("column").asText();
      if (columns.contains(column)) {
        throw new IllegalArgumentException("the stored profile holds the column '" + column
            + "' twice");
      }
      columns.add(column);
      singles.add(ProfileBuffer.fromBytes(Base64.getDecoder().decode(row.get("state").asText())));
    }
    return ProfileResult.of(columns, ProfileBuffer.joined(singles));
  }
}
