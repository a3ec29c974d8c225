package io.durableentities.orchestration;

/**
 * A replay of an orchestration diverged from its history: at some action id the history records one
 * action (for example {@code ScheduleTask 'Charge'}) and the code produced another (or none). The
 * message names the orchestration, the instance, the history event (type, id, name) and the
 * expected versus the actual action. The instance fails with this error.
 *
 * <p>The usual cause is a code change deployed while instances were running, or non-deterministic
 * code (wall-clock time, random numbers, I/O) deciding which tasks to start. Keep the old code
 * under its name and register the changed code under a new one.
 */
public class NonDeterministicOrchestrationException extends OrchestrationException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception; the replay executor does this.
   *
   * @param message the orchestration, the instance, the history event and expected versus actual
   */
  public NonDeterministicOrchestrationException(String message) {
    super(message);
  }
}
