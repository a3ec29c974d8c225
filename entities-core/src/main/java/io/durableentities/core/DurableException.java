package io.durableentities.core;

/**
 * The root of every exception Durable Entities throws for a failure of its own. It is unchecked:
 * catch it (or a subclass) where you can do something useful about it.
 *
 * <ul>
 *   <li>{@link EntityException}: entity failures: an operation failed ({@link
 *       EntityOperationFailedException}), an entity or its interface breaks a rule ({@link
 *       InvalidEntityInterfaceException}), no proxy factory, a signal or call that cannot be sent;
 *   <li>{@code OrchestrationException} ({@code orchestration-bridge}): orchestration failures: a
 *       failed or canceled task, a non-deterministic replay, a misused critical section;
 *   <li>{@link DataConverterException}: a value cannot be converted to or from JSON;
 *   <li>{@code DurableException} itself: the scheduler could not be reached or rejected a call (the
 *       message names the call and the gRPC status), a credential could not be created.
 * </ul>
 *
 * <p>Wrong arguments throw the JDK's {@link IllegalArgumentException}, {@link
 * IllegalStateException} or {@link NullPointerException} instead.
 */
public class DurableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what is wrong, where, and how to fix it
   */
  public DurableException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what is wrong, where, and how to fix it
   * @param cause the underlying failure
   */
  public DurableException(String message, Throwable cause) {
    super(message, cause);
  }
}
