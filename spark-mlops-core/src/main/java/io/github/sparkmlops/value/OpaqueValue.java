package io.github.sparkmlops.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkmlops.internal.value.Json;
import io.github.sparkmlops.internal.value.Require;
import java.util.Map;

/**
 * An opaque value: a JSON document the library stores without interpreting it (a model's
 * hyper-parameters, a custom report). It is validated as JSON when built; nothing is ever stored
 * with Java serialization.
 */
public final class OpaqueValue implements StatValue {

  /** Largest JSON document accepted, in characters. */
  public static final int MAX_LENGTH = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String json;

  private OpaqueValue(String json) {
    this.json = json;
  }

  /**
   * Wraps a JSON document after checking that it parses.
   *
   * @param json the JSON text
   * @return the value
   */
  public static OpaqueValue ofJson(String json) {
    return new OpaqueValue(Json.validate("json", json, MAX_LENGTH));
  }

  /**
   * Serialises a map (of strings, numbers, booleans, lists and maps) to JSON.
   *
   * @param document the document
   * @return the value
   */
  public static OpaqueValue of(Map<String, ?> document) {
    Require.notNull("document", document);
    try {
      return ofJson(JSON.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("document cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The JSON text.
   *
   * @return the JSON text
   */
  public String json() {
    return json;
  }

  @Override
  public StatType type() {
    return StatType.OPAQUE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueValue v && json.equals(v.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "OpaqueValue" + json;
  }
}
