package io.durableentities.orchestration;

/**
 * A task was canceled because its timeout expired first, for example {@link
 * OrchestrationContext#waitForExternalEvent(String, Class, java.time.Duration)} when no event
 * arrived in time. A late result of the task is discarded.
 */
public class TaskCanceledException extends OrchestrationException {

  private static final long serialVersionUID = 1L;

  private final String taskName;

  /**
   * Creates an exception; the runtime does this when a timeout fires.
   *
   * @param taskName what timed out, such as the event name
   * @param message what happened
   */
  public TaskCanceledException(String taskName, String message) {
    super(message);
    this.taskName = taskName;
  }

  /**
   * Returns the name of the task that was canceled, such as the external event name.
   *
   * @return the task name
   */
  public String taskName() {
    return taskName;
  }
}
