package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.protocol.internal.ActivityRequest;

/** A scheduled activity waiting for (or leased to) a worker; its lease changes via its hub. */
public final class ActivityTask {
  private final long id;
  private final HubState hub;
  private final String instanceId;
  private final String executionId;
  private final int taskId;
  private final ActivityRequest request;
  private final long queuedAt;
  private TaskLease lease;

  /** A task read back from the store: when it was queued is not known. */
  public ActivityTask(
      long id,
      HubState hub,
      String instanceId,
      String executionId,
      int taskId,
      ActivityRequest request) {
    this(id, hub, instanceId, executionId, taskId, request, -1);
  }

  /** A task scheduled now: {@code queuedAt} is the scheduler's time (epoch millis). */
  public ActivityTask(
      long id,
      HubState hub,
      String instanceId,
      String executionId,
      int taskId,
      ActivityRequest request,
      long queuedAt) {
    this.queuedAt = queuedAt;
    this.id = id;
    this.hub = hub;
    this.instanceId = instanceId;
    this.executionId = executionId;
    this.taskId = taskId;
    this.request = request;
  }

  /** When the task was queued (epoch millis, the scheduler's clock), or -1 when not known. */
  public long queuedAt() {
    return queuedAt;
  }

  public long id() {
    return id;
  }

  public HubState hub() {
    return hub;
  }

  public String instanceId() {
    return instanceId;
  }

  public String executionId() {
    return executionId;
  }

  /** The orchestration's task id (the ScheduleTask action's id). */
  public int taskId() {
    return taskId;
  }

  public ActivityRequest request() {
    return request;
  }

  /** The work item in flight, or null. */
  public TaskLease lease() {
    return lease;
  }

  void lease(TaskLease l) {
    hub.lock().beforeChange();
    this.lease = l;
  }

  void clearLease(TaskLease l) {
    if (lease == l) {
      hub.lock().beforeChange();
      lease = null;
    }
  }
}
