package io.durableentities.core.internal;

import java.util.Objects;

/**
 * One operation of a batch.
 *
 * @param operation the operation name
 * @param input the serialized input, or null for none
 * @param requestId the request id (for callers and logs), or null
 */
public record OperationRequest(String operation, String input, String requestId) {

  /**
   * Validates the components.
   *
   * @param operation the operation name, not null
   * @param input the input JSON, nullable
   * @param requestId the request id, nullable
   */
  public OperationRequest {
    Objects.requireNonNull(operation, "operation");
  }

  /**
   * Creates a request without a request id.
   *
   * @param operation the operation name
   * @param input the serialized input, or null
   * @return the request
   */
  public static OperationRequest of(String operation, String input) {
    return new OperationRequest(operation, input, null);
  }
}
