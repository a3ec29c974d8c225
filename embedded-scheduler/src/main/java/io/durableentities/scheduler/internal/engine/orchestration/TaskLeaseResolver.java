package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the live orchestrator or activity lease a completion or abandon refers to: by completion
 * token, or, without one (older SDKs), by the caller's connection and the instance (and task id).
 */
final class TaskLeaseResolver {

  private static final Logger log = LoggerFactory.getLogger(TaskLeaseResolver.class);

  private TaskLeaseResolver() {}

  static TaskLease resolveActivity(
      EngineState s, String hub, Object connection, ActivityResponse r) {
    if (!r.getCompletionToken().isEmpty()) {
      return resolve(s, hub, connection, r.getCompletionToken(), null, false);
    }
    HubState h = s.hub(hub);
    for (TaskLease l : h == null ? List.<TaskLease>of() : h.leases().taskLeases()) {
      if (l.activity() != null
          && Objects.equals(l.stream().connection(), connection)
          && l.activity().instanceId().equals(r.getInstanceId())
          && l.activity().taskId() == r.getTaskId()) {
        return l;
      }
    }
    throw Status.FAILED_PRECONDITION
        .withDescription(
            "CompleteActivityTask without a completion token: no activity "
                + r.getTaskId()
                + " of orchestration "
                + r.getInstanceId()
                + " is leased on this connection; send the completionToken of the work item")
        .asRuntimeException();
  }

  /** The live lease, or null when the token belongs to an instance that moved on. */
  static TaskLease resolve(
      EngineState s,
      String hub,
      Object connection,
      String token,
      String instanceId,
      boolean orchestrator) {
    String kind = orchestrator ? "orchestrator" : "activity";
    HubState h = s.hub(hub);
    if (!token.isEmpty()) {
      TaskLease lease = h == null ? null : h.leases().taskLease(token);
      if (lease != null && (lease.orchestration() != null) == orchestrator) {
        return lease;
      }
      if (lease == null && h != null && h.leases().movedOn(token)) {
        log.debug("Ignored a completion for an instance that moved on (token {})", token);
        return null;
      }
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "The completion token '"
                  + EntityIds.abbreviate(token)
                  + "' does not match a live "
                  + kind
                  + " work item in task hub '"
                  + hub
                  + "': it was already completed or abandoned, or its lease expired and the"
                  + " work was delivered again")
          .asRuntimeException();
    }
    List<TaskLease> candidates = new ArrayList<>();
    for (TaskLease l : h == null ? List.<TaskLease>of() : h.leases().taskLeases()) {
      if ((l.orchestration() != null) == orchestrator
          && Objects.equals(l.stream().connection(), connection)
          && (instanceId == null || instanceId.isEmpty() || l.instanceId().equals(instanceId))) {
        candidates.add(l);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw Status.FAILED_PRECONDITION
        .withDescription(
            "A "
                + kind
                + " completion without a completion token matches "
                + candidates.size()
                + " work items leased on this connection"
                + (instanceId == null ? "" : " for instance '" + instanceId + "'")
                + "; send the completionToken of the work item")
        .asRuntimeException();
  }
}
