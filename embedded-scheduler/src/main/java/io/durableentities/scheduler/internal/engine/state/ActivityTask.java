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
  private TaskLease lease;

  public ActivityTask(
      long id,
      HubState hub,
      String instanceId,
      String executionId,
      int taskId,
      ActivityRequest request) {
    this.id = id;
    this.hub = hub;
    this.instanceId = instanceId;
    this.executionId = executionId;
    this.taskId = taskId;
    this.request = request;
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
