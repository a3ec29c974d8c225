package io.durableentities.orchestration;

import io.durableentities.core.FailureDetails;
import java.util.Objects;

/**
 * An activity or sub-orchestration that an orchestration awaited has failed. It carries the task
 * name, the task id (the action id in the history) and the {@link FailureDetails} of the original
 * exception.
 *
 * <pre>{@code
 * try {
 *   ctx.callActivity("Charge", order, Receipt.class).await();
 * } catch (TaskFailedException e) {
 *   if (e.failureDetails().isCausedBy(CardDeclinedException.class)) { ... }
 * }
 * }</pre>
 */
public class TaskFailedException extends OrchestrationException {

  private static final long serialVersionUID = 1L;

  private final String taskName;
  private final int taskId;
  private final transient FailureDetails failureDetails;

  /**
   * Creates an exception; the runtime does this when a task's failure is replayed.
   *
   * @param taskName the activity or sub-orchestration name
   * @param taskId the task id (the id of the scheduling action)
   * @param failureDetails what the task threw
   */
  public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
    super(
        "Task '"
            + Objects.requireNonNull(taskName, "taskName")
            + "' (#"
            + taskId
            + ") failed: "
            + Objects.requireNonNull(failureDetails, "failureDetails").summary());
    this.taskName = taskName;
    this.taskId = taskId;
    this.failureDetails = failureDetails;
  }

  /**
   * Returns the name of the activity or sub-orchestration that failed.
   *
   * @return the task name
   */
  public String taskName() {
    return taskName;
  }

  /**
   * Returns the id of the failed task: the id of the action that scheduled it.
   *
   * @return the task id
   */
  public int taskId() {
    return taskId;
  }

  /**
   * Returns what the task threw.
   *
   * @return the failure details
   */
  public FailureDetails failureDetails() {
    return failureDetails;
  }
}
