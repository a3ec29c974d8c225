package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Lease;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends entity leases: a completed lease is retired; a released one (abandoned, stream lost, lease
 * expired, bad completion) puts its operations back in the queue and, when the failure counts, adds
 * a delivery attempt to each. Every failure counts except an abandon by a worker that is shutting
 * down and a lease that expires on a stream that neither asked for entity work nor completed any.
 * An operation that reaches {@code maxDeliveryAttempts} is dropped and, when it was a call, failed
 * to its caller as non-retriable; the entity moves on.
 */
public final class Redelivery {

  private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

  private final EngineConfig config;
  private final Store store;
  private final EntityWrites writes;
  private final Undeliverable undeliverable;

  public Redelivery(
      EngineConfig config, Store store, EntityWrites writes, Undeliverable undeliverable) {
    this.config = config;
    this.store = store;
    this.writes = writes;
    this.undeliverable = undeliverable;
  }

  /** Ends a lease without committing its batch: the operations go back to the queue. */
  public void release(
      EngineState s, Lease lease, boolean countsAsFailedDelivery, String reason, long now)
      throws SQLException {
    EntityRuntime e = lease.entity();
    HubState h = e.hub();
    h.leases().retire(lease);
    log.info(
        "Work item of entity {} (hub {}, {} operation(s)) goes back to the queue: {}",
        e.instanceId(),
        h.name(),
        lease.operations().size(),
        reason);
    if (countsAsFailedDelivery) {
      boolean dropped = false;
      for (QueuedMessage m : lease.operations()) {
        if (m.isRemoved()) {
          continue;
        }
        e.countFailedDelivery(m);
        store.entities().incrementAttempts(m.id());
        if (m.attempts() >= config.maxDeliveryAttempts()) {
          poison(s, e, m, reason, now);
          dropped = true;
        }
      }
      if (dropped) {
        writes.persist(e);
      }
    }
    h.refresh(e, now);
  }

  /**
   * Ends a lease the worker gave back. The operations are delivered again after a back-off (100 ms,
   * doubling with each further abandon of the entity's work up to 5 s, reset by a completion), so
   * that a worker that keeps giving work back does not spin. An abandon counts as a failed delivery
   * unless the worker said it abandons because it is shutting down.
   */
  public void abandon(
      EngineState s, Lease lease, boolean countsAsFailedDelivery, String reason, long now)
      throws SQLException {
    EntityRuntime e = lease.entity();
    long delay =
        Math.min(
            EngineConfig.ABANDON_BACKOFF_MAX_MILLIS,
            EngineConfig.ABANDON_BACKOFF_FIRST_MILLIS << Math.min(e.abandons(), 16));
    e.backOff(now + delay);
    e.hub().addTimer(e.redeliverAt(), e);
    release(
        s, lease, countsAsFailedDelivery, reason + "; delivered again in " + delay + " ms", now);
  }

  /** Releases the leases that expired by {@code now}, in every hub. */
  public void expire(EngineState s, long now) throws SQLException {
    for (HubState h : List.copyOf(s.hubs())) {
      List<Lease> expired = new ArrayList<>();
      for (Lease l : h.leases().entityLeases()) {
        if (l.expiresAt() <= now) {
          expired.add(l);
        }
      }
      for (Lease l : expired) {
        WorkStream stream = l.stream();
        // A worker that never asked for entity work and never completed any may be one that drops
        // entity work items (the Java SDK 1.5.0): its expiries are no fault of the operation.
        boolean counts = stream.completedAny() || stream.takes().declaresEntities();
        if (!stream.completedAny()) {
          stream.markSuspect();
        }
        release(
            s,
            l,
            counts,
            "its lease expired after "
                + config.leaseTimeoutMillis()
                + " ms on "
                + stream
                + (counts
                    ? ""
                    : " (a stream that neither asked for entity work nor completed any; not"
                        + " counted as a failed delivery)"),
            now);
      }
    }
  }

  /**
   * Releases the leases of a stream that ended, each a failed delivery: a worker that crashes on an
   * operation, before it completed anything, must not get it forever. (A worker that shuts down
   * gives its work items back first, with abandons that do not count.)
   */
  public void streamClosed(EngineState s, WorkStream stream, long now) throws SQLException {
    for (Lease l : stream.leases()) {
      release(
          s,
          l,
          true,
          "the worker's stream " + stream + " ended before the work item was completed",
          now);
    }
  }

  private void poison(EngineState s, EntityRuntime e, QueuedMessage m, String lastReason, long now)
      throws SQLException {
    undeliverable.drop(
        s,
        e,
        m,
        "Operation '"
            + m.operationName()
            + "' (requestId "
            + m.requestId()
            + ") of entity "
            + e.instanceId()
            + " could not be delivered after "
            + m.attempts()
            + " attempts (last: "
            + lastReason
            + "); it was dropped.",
        now);
  }
}
