package io.durableentities.core;

import java.util.Objects;

/**
 * An entity operation failed: the entity threw an exception, its state was rolled back and the
 * operation's signals and orchestration starts were dropped. Callers (orchestrations, the in-memory
 * {@link EntityTester}) receive this exception with the entity id, the operation name and the
 * {@link FailureDetails} of the original exception.
 *
 * <pre>{@code
 * try {
 *   account.withdraw(10);
 * } catch (EntityOperationFailedException e) {
 *   if (e.failureDetails().isCausedBy(InsufficientFundsException.class)) { ... }
 * }
 * }</pre>
 */
public class EntityOperationFailedException extends EntityException {

  private static final long serialVersionUID = 1L;

  /** The entity whose operation failed (transient: ids are not Java-serializable). */
  private final transient EntityInstanceId entityId;

  /** The operation that failed. */
  private final String operationName;

  /** What the entity threw (transient: the message keeps the summary). */
  private final transient FailureDetails failureDetails;

  /**
   * Creates an exception.
   *
   * @param entityId the entity whose operation failed
   * @param operationName the operation that failed
   * @param failureDetails what the entity threw
   */
  public EntityOperationFailedException(
      EntityInstanceId entityId, String operationName, FailureDetails failureDetails) {
    super(message(entityId, operationName, failureDetails));
    this.entityId = entityId;
    this.operationName = operationName;
    this.failureDetails = failureDetails;
  }

  /**
   * Returns the entity whose operation failed.
   *
   * @return the entity id
   */
  public EntityInstanceId entityId() {
    return entityId;
  }

  /**
   * Returns the operation that failed.
   *
   * @return the operation name
   */
  public String operationName() {
    return operationName;
  }

  /**
   * Returns what the entity threw.
   *
   * @return the failure details
   */
  public FailureDetails failureDetails() {
    return failureDetails;
  }

  private static String message(
      EntityInstanceId entityId, String operationName, FailureDetails failureDetails) {
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(operationName, "operationName");
    Objects.requireNonNull(failureDetails, "failureDetails");
    return "Operation '"
        + operationName
        + "' on entity "
        + entityId
        + " failed: "
        + failureDetails.summary();
  }
}
