package io.durableentities.core;

/**
 * An entity failure: the root of the exceptions about entities, their operations, interfaces,
 * proxies, signals and calls. Orchestration failures ({@code OrchestrationException}) are its
 * siblings under {@link DurableException}, which is the one to catch for any failure.
 */
public class EntityException extends DurableException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what is wrong, where, and how to fix it
   */
  public EntityException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what is wrong, where, and how to fix it
   * @param cause the underlying failure
   */
  public EntityException(String message, Throwable cause) {
    super(message, cause);
  }
}
