package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import io.durableentities.scheduler.internal.engine.write.WriteContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends orchestrator and activity leases without a completion (abandon, lost stream, expiry): the
 * work is delivered again.
 */
public final class TaskLeases {

  /**
   * How long an orchestrator work item is kept from the stream that abandoned it (a worker whose
   * version does not match rejects it this way): other streams may take it at once; that stream is
   * offered it again after this back-off, so a lone worker that rejects it is not offered it in a
   * tight loop.
   */
  public static final long ABANDON_BACKOFF_MILLIS = 1_000;

  private static final Logger log = LoggerFactory.getLogger(TaskLeases.class);

  private final EngineConfig config;

  public TaskLeases(EngineConfig config) {
    this.config = config;
  }

  /** Ends a lease without committing: the work is delivered again. */
  void release(TaskLease lease, String reason, long now) {
    HubState h = lease.hub();
    h.leases().retire(lease);
    log.info(
        "Work item of orchestration {} (hub {}) goes back to the queue: {}",
        lease.instanceId(),
        h.name(),
        reason);
    if (lease.orchestration() != null) {
      h.refresh(lease.orchestration(), now);
    } else {
      h.activities().markReady(lease.activity());
    }
  }

  /** Gives an orchestrator or activity work item back (writer thread). */
  public void abandon(
      EngineState s,
      String hub,
      Object connection,
      String token,
      boolean orchestrator,
      WriteContext ctx) {
    TaskLease lease = TaskLeaseResolver.resolve(s, hub, connection, token, null, orchestrator);
    if (lease != null) {
      OrchestrationRuntime o = lease.orchestration();
      if (o != null) {
        long until = ctx.now() + ABANDON_BACKOFF_MILLIS;
        o.abandonedBy(lease.stream(), until);
        lease.hub().addTimer(until, o);
      }
      release(lease, "the worker abandoned it", ctx.now());
    }
  }

  /** Releases the leases of a stream that ended. */
  public void streamClosed(WorkStream stream, long now) {
    for (TaskLease l : stream.taskLeases()) {
      release(l, "the worker's stream " + stream + " ended", now);
    }
  }

  /** Releases the leases that expired by {@code now}, in every hub. */
  public void expire(EngineState s, long now) {
    for (HubState h : s.hubs()) {
      List<TaskLease> expired = new ArrayList<>();
      for (TaskLease l : h.leases().taskLeases()) {
        if (l.expiresAt() <= now) {
          expired.add(l);
        }
      }
      for (TaskLease l : expired) {
        release(l, "its lease expired after " + config.leaseTimeoutMillis() + " ms", now);
      }
    }
  }
}
