package io.durableentities.orchestration;

/** The status of an orchestration instance, as the scheduler reports it. */
public enum OrchestrationRuntimeStatus {
  /** Started and not finished. */
  RUNNING,
  /** Returned an output. */
  COMPLETED,
  /** Restarted itself with {@link OrchestrationContext#continueAsNew}; a new run follows. */
  CONTINUED_AS_NEW,
  /** Threw an exception; see {@link OrchestrationMetadata#failureDetails()}. */
  FAILED,
  /** Canceled (not used by current schedulers). */
  CANCELED,
  /** Terminated by {@link OrchestrationClient#terminate}. */
  TERMINATED,
  /** Created and not started yet (for example, a scheduled start in the future). */
  PENDING,
  /**
   * Suspended by {@link OrchestrationClient#suspend}; resumes with {@link
   * OrchestrationClient#resume}.
   */
  SUSPENDED;

  /**
   * Tells whether the instance has finished: completed, failed, canceled or terminated.
   *
   * @return whether the status is final
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == TERMINATED;
  }
}
