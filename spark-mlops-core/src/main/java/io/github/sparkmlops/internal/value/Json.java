package io.github.sparkmlops.internal.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON text that the store keeps verbatim (opaque values, event details): validated when users give
 * it, written when this library makes it.
 */
public final class Json {

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * Checks that {@code json} is one complete JSON document of at most {@code maxLength} characters.
   *
   * @return the text, unchanged
   */
  public static String validate(String argument, String json, int maxLength) {
    Require.notNull(argument, json);
    if (json.length() > maxLength) {
      throw new IllegalArgumentException(
          argument + " must be at most " + maxLength + " characters, got " + json.length());
    }
    try {
      if (STRICT.readTree(json) == null || json.isBlank()) {
        throw new IllegalArgumentException(argument + " must be a JSON document, got empty text");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          argument + " must be valid JSON: " + e.getOriginalMessage(), e);
    }
    return json;
  }

  /** {@code value} (maps, lists, strings, numbers) as JSON text. */
  public static String write(Object value) {
    try {
      return STRICT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
    }
  }
}
