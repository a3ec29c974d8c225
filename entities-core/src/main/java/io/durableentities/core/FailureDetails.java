package io.durableentities.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * What a failed operation threw, in a form that travels over the wire: the exception class name,
 * its message and its stack trace.
 *
 * @param errorType the fully qualified class name of the exception (or a well-known error code such
 *     as {@code EntityTaskNotFound})
 * @param errorMessage the exception message; empty when it had none
 * @param stackTrace the stack trace, including causes; null when unknown
 * @param nonRetriable whether retrying cannot help (for example, no such entity is registered)
 */
public record FailureDetails(
    String errorType, String errorMessage, String stackTrace, boolean nonRetriable) {

  /**
   * Validates the components.
   *
   * @param errorType the error type, not null
   * @param errorMessage the message, not null
   * @param stackTrace the stack trace, nullable
   * @param nonRetriable whether retrying cannot help
   */
  public FailureDetails {
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(errorMessage, "errorMessage");
  }

  /**
   * Describes a throwable: its class name, message (empty when null) and full stack trace.
   *
   * @param throwable the throwable
   * @return retriable failure details
   */
  public static FailureDetails from(Throwable throwable) {
    Objects.requireNonNull(throwable, "throwable");
    String message = throwable.getMessage();
    StringWriter trace = new StringWriter();
    throwable.printStackTrace(new PrintWriter(trace));
    return new FailureDetails(
        throwable.getClass().getName(), message == null ? "" : message, trace.toString(), false);
  }

  /**
   * Tells whether the failure was an exception of exactly this class.
   *
   * @param exceptionType the exception class
   * @return whether {@link #errorType()} is its name
   */
  public boolean isCausedBy(Class<? extends Throwable> exceptionType) {
    return errorType.equals(Objects.requireNonNull(exceptionType, "exceptionType").getName());
  }

  /**
   * Returns a one-line summary: the simple error type and the message, such as {@code
   * InsufficientFundsException: balance 5 < 10}.
   *
   * @return the summary
   */
  public String summary() {
    String type =
        errorType.substring(Math.max(errorType.lastIndexOf('.'), errorType.lastIndexOf('$')) + 1);
    return errorMessage.isEmpty() ? type : type + ": " + errorMessage;
  }
}
