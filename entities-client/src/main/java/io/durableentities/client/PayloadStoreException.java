package io.durableentities.client;

import io.durableentities.core.DurableException;

/**
 * A large payload could not be stored or read: the {@link PayloadStore} could not be reached or
 * refused the request (the message names the store's account and container), or a payload reference
 * reached a worker or client that has no payload store (the message names the instance or entity
 * and the fix).
 */
public class PayloadStoreException extends DurableException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what is wrong, where, and how to fix it
   */
  public PayloadStoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what is wrong, where, and how to fix it
   * @param cause the underlying failure
   */
  public PayloadStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
