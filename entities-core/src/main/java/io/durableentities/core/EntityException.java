package io.durableentities.core;

/**
 * The root of all exceptions thrown by durable entities. It is unchecked: catch it (or a subclass)
 * where you can do something useful about it.
 */
public class EntityException extends RuntimeException {

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
