package io.durableentities.orchestration.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.FailureDetails;
import java.util.Map;

/**
 * An entity response that arrived as an {@code EventRaised} named after the request id (the older
 * DTFx path): a JSON object {@code {"result": "<json>", "exceptionType": ..., "failureDetails":
 * {...}}}. A payload of any other shape is taken as the result itself.
 *
 * @param result the serialized result, or null
 * @param failure the failure, or null when the operation succeeded
 */
record LegacyResponse(String result, FailureDetails failure) {

  static LegacyResponse parse(DataConverter converter, String raw) {
    if (raw == null) {
      return new LegacyResponse(null, null);
    }
    Map<?, ?> message;
    try {
      message = converter.deserialize(raw, Map.class);
    } catch (RuntimeException notAnObject) {
      return new LegacyResponse(raw, null);
    }
    if (message == null || !(message.containsKey("result") || isFailure(message))) {
      return new LegacyResponse(raw, null);
    }
    if (isFailure(message)) {
      Map<?, ?> details = message.get("failureDetails") instanceof Map<?, ?> map ? map : Map.of();
      String type = text(details, "errorType", text(message, "exceptionType", "EntityException"));
      return new LegacyResponse(
          null,
          new FailureDetails(
              type, text(details, "errorMessage", ""), text(details, "stackTrace", null), false));
    }
    Object result = message.get("result");
    return new LegacyResponse(
        result == null || result instanceof String ? (String) result : converter.serialize(result),
        null);
  }

  private static boolean isFailure(Map<?, ?> message) {
    return message.get("exceptionType") != null || message.get("failureDetails") != null;
  }

  /** Reads a text property, ignoring the case of its first letter (DTFx writes PascalCase). */
  private static String text(Map<?, ?> map, String key, String fallback) {
    Object value = map.get(key);
    if (value == null) {
      value = map.get(Character.toUpperCase(key.charAt(0)) + key.substring(1));
    }
    return value == null ? fallback : value.toString();
  }
}
