package io.durableentities.orchestration;

import io.durableentities.core.DurableException;

/**
 * An orchestration failure: the root of the exceptions about orchestrations, their tasks and their
 * instances. A sibling of {@link io.durableentities.core.EntityException} under {@link
 * DurableException}:
 *
 * <ul>
 *   <li>{@link TaskFailedException}: an awaited activity or sub-orchestration failed;
 *   <li>{@link TaskCanceledException}: an awaited task was canceled (a timed-out event wait);
 *   <li>{@link NonDeterministicOrchestrationException}: the replay did not match the history;
 *   <li>{@link CriticalSectionViolationException}: an entity used against the rules of a critical
 *       section;
 *   <li>{@code OrchestrationException} itself: an instance could not be started, awaited or read
 *       (the message names the instance and why).
 * </ul>
 *
 * <p>An entity operation that fails inside an orchestration throws {@link
 * io.durableentities.core.EntityOperationFailedException}, an entity failure.
 */
public class OrchestrationException extends DurableException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what is wrong, where, and how to fix it
   */
  public OrchestrationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what is wrong, where, and how to fix it
   * @param cause the underlying failure
   */
  public OrchestrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
