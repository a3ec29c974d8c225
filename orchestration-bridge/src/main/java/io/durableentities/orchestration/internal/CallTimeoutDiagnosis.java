package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Explains a client call that got no result in time: it asks the scheduler how far the call came
 * (its orchestration still pending: no worker runs client calls; running: the entity did not
 * answer) and what it knows of the entity (lock, backlog), and names the likely cause and the fix.
 * Every question is best effort: an unanswered one only leaves its part out.
 */
final class CallTimeoutDiagnosis {

  private static final Duration QUESTION_DEADLINE = Duration.ofSeconds(5);

  private CallTimeoutDiagnosis() {}

  /**
   * Asks the scheduler and builds the explanation.
   *
   * @param context the client's channel
   * @param id the called entity
   * @param instanceId the call's orchestration instance
   * @return completes (never exceptionally) with the sentences that follow "no result within ..."
   */
  static CompletableFuture<String> explain(
      ClientContext context, EntityInstanceId id, String instanceId) {
    TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub stub =
        TaskHubSidecarServiceGrpc.newStub(context.channel());
    GetInstanceRequest instance = GetInstanceRequest.newBuilder().setInstanceId(instanceId).build();
    GetEntityRequest entity =
        GetEntityRequest.newBuilder().setInstanceId(id.toString()).setIncludeState(false).build();
    CompletableFuture<GetInstanceResponse> call =
        ClientContext.<GetInstanceResponse>unary(
                stub, QUESTION_DEADLINE, (s, o) -> s.getInstance(instance, o))
            .exceptionally(e -> null);
    CompletableFuture<GetEntityResponse> target =
        ClientContext.<GetEntityResponse>unary(
                stub, QUESTION_DEADLINE, (s, o) -> s.getEntity(entity, o))
            .exceptionally(e -> null);
    return call.thenCombine(target, (c, t) -> explain(context, id, instanceId, status(c), t));
  }

  private static OrchestrationStatus status(GetInstanceResponse response) {
    return response == null || !response.getExists()
        ? null
        : response.getOrchestrationState().getOrchestrationStatus();
  }

  static String explain(
      ClientContext context,
      EntityInstanceId id,
      String instanceId,
      OrchestrationStatus status,
      GetEntityResponse entity) {
    String hub = context.connection().taskHub();
    String endpoint = context.connection().endpoint().toString();
    if (status == OrchestrationStatus.ORCHESTRATION_STATUS_PENDING) {
      return "No worker started the call: its orchestration '"
          + instanceId
          + "' ("
          + CallEntityOrchestration.NAME
          + ") is still PENDING, so the operation was not sent. Likely cause: no worker connected"
          + " to task hub '"
          + hub
          + "' at "
          + endpoint
          + " runs client calls. Fix: start a DurableWorker for that task hub with"
          + " io.durableentities:orchestration-bridge on its class path (every such worker runs"
          + " client calls by itself).";
    }
    StringBuilder text = new StringBuilder();
    if (status == OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING) {
      text.append("The call was sent (its orchestration '")
          .append(instanceId)
          .append("' is RUNNING), but entity ")
          .append(id)
          .append(" did not answer; the operation waits and may still run. ");
    } else {
      text.append("Its orchestration '")
          .append(instanceId)
          .append("' is ")
          .append(status == null ? "unknown to the scheduler" : shortName(status))
          .append("; the operation may still run. ");
    }
    text.append("Likely cause: no worker connected to task hub '")
        .append(hub)
        .append("' hosts entity name '")
        .append(id.name())
        .append("'. Fix: register the entity class on a worker")
        .append(" (DurableWorker.Builder.entity(...)); an interface and the class implementing it")
        .append(" share one entity name (EntityNames).");
    if (entity != null && entity.getExists()) {
      var metadata = entity.getEntity();
      if (metadata.hasLockedBy() && !metadata.getLockedBy().getValue().isEmpty()) {
        text.append(" Or: the entity is locked by orchestration '")
            .append(metadata.getLockedBy().getValue())
            .append("', and serves only it until it releases the lock.");
      }
      if (metadata.getBacklogQueueSize() > 0) {
        text.append(" The entity has ")
            .append(metadata.getBacklogQueueSize())
            .append(" operation(s) waiting.");
      }
    }
    text.append(" Check: the dashboard's entity and lock pages, or client.entities().get(")
        .append(id)
        .append("), show its lock and backlog.");
    return text.toString();
  }

  private static String shortName(OrchestrationStatus status) {
    return status.name().replace("ORCHESTRATION_STATUS_", "");
  }
}
