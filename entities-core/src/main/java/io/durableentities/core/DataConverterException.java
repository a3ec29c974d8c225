package io.durableentities.core;

/**
 * A value could not be converted to or from its serialized (JSON) form. The message names the
 * target type and the cause. Thrown by {@link DataConverter} implementations, for entities and
 * orchestrations alike (so it is a {@link DurableException}, not an {@link EntityException}).
 */
public class DataConverterException extends DurableException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message the value's type, the direction and the cause
   * @param cause the underlying failure, may be null
   */
  public DataConverterException(String message, Throwable cause) {
    super(message, cause);
  }
}
