package io.durableentities.client.internal.grpc;

import io.durableentities.client.PayloadStoreException;
import io.durableentities.core.FailureDetails;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Instant;

/**
 * Completes a work item whose payloads cannot be handled however often it is delivered: references
 * that a worker without a payload store cannot read, or a result, state or action input above the
 * store's limit ({@link io.durableentities.client.PayloadTooLargeException}). The item fails,
 * non-retriably, with the {@link PayloadStoreException}'s message (which names the instance or
 * entity and the fix), instead of being abandoned and delivered again forever. An entity's
 * operations fail one by one and its state stays as it came; an orchestration fails; an activity
 * fails to its orchestration.
 */
final class PayloadFailures {

  private PayloadFailures() {}

  /**
   * Completes the item as failed.
   *
   * @param work the item
   * @param cause why its payloads cannot be read
   * @param now the time of the failure
   */
  static void complete(WorkItemContext work, PayloadStoreException cause, Instant now) {
    WorkItem item = work.item();
    FailureDetails details =
        new FailureDetails(cause.getClass().getName(), cause.getMessage(), null, true);
    TaskFailureDetails failure = EntityBatchConverter.toProto(details);
    switch (item.getRequestCase()) {
      case ENTITYREQUEST, ENTITYREQUESTV2 ->
          work.completeEntity(EntityWorkItemHandler.failEveryOperation(item, details, now));
      case ORCHESTRATORREQUEST ->
          work.completeOrchestration(
              OrchestratorResponse.newBuilder()
                  .setInstanceId(item.getOrchestratorRequest().getInstanceId())
                  .setCompletionToken(item.getCompletionToken())
                  .addActions(
                      OrchestratorAction.newBuilder()
                          .setCompleteOrchestration(
                              CompleteOrchestrationAction.newBuilder()
                                  .setOrchestrationStatus(
                                      OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                                  .setFailureDetails(failure)))
                  .build());
      case ACTIVITYREQUEST ->
          work.completeActivity(
              ActivityResponse.newBuilder()
                  .setInstanceId(
                      item.getActivityRequest().getOrchestrationInstance().getInstanceId())
                  .setTaskId(item.getActivityRequest().getTaskId())
                  .setFailureDetails(failure)
                  .setCompletionToken(item.getCompletionToken())
                  .build());
      default -> work.abandon(cause.getMessage());
    }
  }
}
