package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * One API request: its method, path, query parameters and body (read in full before the call is
 * made, at most {@link #MAX_BODY_BYTES}).
 */
final class ApiCall {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The largest request body accepted. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  final String method;

  /** The path after {@code /api/}, still percent-encoded. */
  final String path;

  private final Map<String, String> query = new HashMap<>();
  private final byte[] body;

  /**
   * A request.
   *
   * @param method the HTTP method
   * @param rawPath the percent-encoded path, starting {@code /api/}
   * @param rawQuery the percent-encoded query, or null
   * @param body the request body (empty when there is none)
   */
  ApiCall(String method, String rawPath, String rawQuery, byte[] body) {
    this.method = method;
    this.path = rawPath.substring("/api/".length());
    this.body = body;
    String raw = rawQuery;
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(decodeParam(key), decodeParam(value));
      }
    }
  }

  /** A percent-encoded path segment, decoded ({@code +} stays a plus). */
  static String decodeSegment(String s) {
    return decodeParam(s.replace("+", "%2B"));
  }

  /** A form-encoded query parameter, decoded ({@code +} is a space, as browsers encode it). */
  private static String decodeParam(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("Bad percent-encoding in '" + s + "'");
    }
  }

  /** A query parameter, or {@code fallback} when absent or empty. */
  String param(String name, String fallback) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** The task hub a request is about ({@code hub} parameter, {@code default} when absent). */
  String hub() {
    return param("hub", "default");
  }

  int intParam(String name, int fallback, int min, int max) {
    String v = param(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(name + " must be a number " + min + ".." + max + ", was '" + v + "'");
  }

  /** An ISO-8601 instant parameter as epoch millis, or {@code fallback}. */
  long timeParam(String name, long fallback) {
    String v = param(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '" + v + "'");
    }
  }

  /** The request body as a JSON object. */
  JsonNode body() {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest("The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("The request body could not be read: " + e.getMessage());
    }
  }
}
