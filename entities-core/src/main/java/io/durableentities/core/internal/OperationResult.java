package io.durableentities.core.internal;

import io.durableentities.core.FailureDetails;
import java.time.Instant;
import java.util.Objects;

/** The outcome of one executed operation: a success with its result, or a failure. */
public sealed interface OperationResult {

  /**
   * When the operation started.
   *
   * @return the start time
   */
  Instant start();

  /**
   * When the operation ended.
   *
   * @return the end time
   */
  Instant end();

  /**
   * A successful operation.
   *
   * @param resultJson the serialized result, or null for none
   * @param start when it started
   * @param end when it ended
   */
  record Success(String resultJson, Instant start, Instant end) implements OperationResult {

    /**
     * Validates the components.
     *
     * @param resultJson the result, nullable
     * @param start the start time, not null
     * @param end the end time, not null
     */
    public Success {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }

  /**
   * A failed operation; its state changes and actions were rolled back.
   *
   * @param details what the operation threw
   * @param start when it started
   * @param end when it ended
   */
  record Failure(FailureDetails details, Instant start, Instant end) implements OperationResult {

    /**
     * Validates the components.
     *
     * @param details the failure, not null
     * @param start the start time, not null
     * @param end the end time, not null
     */
    public Failure {
      Objects.requireNonNull(details, "details");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }
  }
}
