package io.durableentities.core;

/**
 * An entity interface or entity class breaks a definition rule: for example an operation with two
 * input parameters, two operations with the same name, or a future as a result type. The message
 * names the type, the method, the rule and the fix. Thrown when the type is first inspected, so
 * definitions fail fast.
 */
public class InvalidEntityInterfaceException extends EntityException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message the type, the method, the rule broken and the fix
   */
  public InvalidEntityInterfaceException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message the type, the method, the rule broken and the fix
   * @param cause the underlying failure
   */
  public InvalidEntityInterfaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
