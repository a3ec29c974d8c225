package io.durableentities.scheduler.internal.store;

/** Receives the stored orchestration rows when the engine rebuilds its memory on start. */
public interface OrchestrationLoader {

  /** An instance row. */
  void instance(InstanceRow row);

  /** A history event of an instance's current execution, in append order. */
  void history(String hub, String instanceId, String executionId, byte[] event);

  /** An event waiting in an instance's inbox, in append order. */
  void inbox(long id, String hub, String instanceId, String executionId, byte[] event, long dueAt);

  /** A scheduled activity task. */
  void activity(
      long id, String hub, String instanceId, String executionId, int taskId, byte[] request);
}
