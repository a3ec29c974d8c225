package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.scheduler.internal.limits.Echo;
import io.durableentities.scheduler.internal.limits.TextRules;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Entity ids ({@code @name@key}) and request ids (GUIDs): validation and normalization.
 *
 * <p>The name is lower-cased ({@link Locale#ROOT}); the key is kept exactly as given and may
 * contain {@code @}. An empty key is accepted (the .NET SDK allows it).
 */
public final class EntityIds {

  /** The longest instance id accepted (the same for every id: {@link TextRules}). */
  public static final int MAX_ID_LENGTH = TextRules.MAX_ID_LENGTH;

  private static final Pattern GUID =
      Pattern.compile(
          "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?"
              + "|[0-9a-fA-F]{32}");

  private EntityIds() {}

  /**
   * Validates and normalizes an entity instance id.
   *
   * @throws StatusRuntimeException INVALID_ARGUMENT naming the id and the problem
   */
  public static String normalize(String instanceId) {
    String problem = problem(instanceId);
    if (problem != null) {
      throw Status.INVALID_ARGUMENT
          .withDescription("Invalid entity id '" + abbreviate(instanceId) + "': " + problem)
          .asRuntimeException();
    }
    int second = instanceId.indexOf('@', 1);
    return "@"
        + instanceId.substring(1, second).toLowerCase(Locale.ROOT)
        + instanceId.substring(second);
  }

  /** Returns why the id is malformed, or null when it is a valid entity id. */
  public static String problem(String instanceId) {
    if (instanceId == null || instanceId.isEmpty()) {
      return "the id is empty; expected '@name@key'";
    }
    if (instanceId.length() > MAX_ID_LENGTH) {
      return "the id is longer than " + MAX_ID_LENGTH + " characters";
    }
    if (instanceId.charAt(0) != '@') {
      return "an entity id starts with '@' (expected '@name@key')";
    }
    int second = instanceId.indexOf('@', 1);
    if (second < 0) {
      return "the name is not followed by '@key' (expected '@name@key')";
    }
    if (second == 1) {
      return "the entity name is empty (expected '@name@key')";
    }
    for (int i = 0; i < instanceId.length(); i++) {
      if (Character.isISOControl(instanceId.charAt(i))) {
        return "the id contains a control character at index " + i;
      }
    }
    return null;
  }

  /** The (lower-case) name part of a normalized id. */
  public static String nameOf(String normalizedId) {
    return normalizedId.substring(1, normalizedId.indexOf('@', 1));
  }

  /**
   * Normalizes a query prefix: prepends {@code @} when missing and lower-cases the name part. Empty
   * or null means "all entities".
   */
  public static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "@";
    }
    String p = prefix.charAt(0) == '@' ? prefix : "@" + prefix;
    int second = p.indexOf('@', 1);
    if (second < 0) {
      return p.toLowerCase(Locale.ROOT);
    }
    return p.substring(0, second).toLowerCase(Locale.ROOT) + p.substring(second);
  }

  /**
   * Checks that a request id is a GUID.
   *
   * @throws StatusRuntimeException INVALID_ARGUMENT naming the entity and the request id
   */
  public static void requireGuid(String requestId, String instanceId) {
    if (!GUID.matcher(requestId).matches()) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "Invalid requestId '"
                  + abbreviate(requestId)
                  + "' for entity '"
                  + abbreviate(instanceId)
                  + "': a requestId must be a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301"
                  + " (or empty to let the scheduler pick one)")
          .asRuntimeException();
    }
  }

  /** Shortens a value for an error message ({@link Echo#of}). */
  public static String abbreviate(String value) {
    return Echo.of(value);
  }
}
