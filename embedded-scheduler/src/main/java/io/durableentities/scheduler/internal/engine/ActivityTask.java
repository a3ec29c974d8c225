package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.ActivityRequest;

/** A scheduled activity waiting for (or leased to) a worker. */
final class ActivityTask {
  final long id;
  final HubState hub;
  final String instanceId;
  final String executionId;
  final int taskId;
  final ActivityRequest request;
  TaskLease lease;

  ActivityTask(
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
}
