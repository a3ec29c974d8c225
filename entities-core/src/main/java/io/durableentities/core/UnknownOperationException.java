package io.durableentities.core;

import java.util.List;
import java.util.Objects;

/**
 * An entity received an operation it does not have. The operation fails (the batch goes on); the
 * message names the entity id, the operation and the operations the entity has.
 */
public class UnknownOperationException extends EntityException {

  private static final long serialVersionUID = 1L;

  /** The entity that received the operation (transient: ids are not Java-serializable). */
  private final transient EntityInstanceId entityId;

  /** The unknown operation, as requested. */
  private final String operationName;

  /** The operations the entity has, sorted. */
  private final List<String> availableOperations;

  /**
   * Creates an exception.
   *
   * @param entityId the entity that received the operation
   * @param operationName the unknown operation
   * @param availableOperations the operations the entity has, in the order to show them
   * @param entityClass the entity class, named in the message
   */
  public UnknownOperationException(
      EntityInstanceId entityId,
      String operationName,
      List<String> availableOperations,
      Class<?> entityClass) {
    super(
        "Entity "
            + Objects.requireNonNull(entityId, "entityId")
            + " ("
            + Objects.requireNonNull(entityClass, "entityClass").getName()
            + ") has no operation '"
            + Objects.requireNonNull(operationName, "operationName")
            + "'; its operations are "
            + availableOperations
            + ". Check the operation name (names are case-insensitive) or add a public method or"
            + " an entity interface method with that name");
    this.entityId = entityId;
    this.operationName = operationName;
    this.availableOperations = List.copyOf(availableOperations);
  }

  /**
   * Returns the entity that received the operation.
   *
   * @return the entity id
   */
  public EntityInstanceId entityId() {
    return entityId;
  }

  /**
   * Returns the unknown operation name, as requested.
   *
   * @return the operation name
   */
  public String operationName() {
    return operationName;
  }

  /**
   * Returns the operations the entity has, sorted.
   *
   * @return the operation names
   */
  public List<String> availableOperations() {
    return availableOperations;
  }
}
