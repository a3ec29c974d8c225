package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends leases: a completed lease is retired; a released one (abandoned, stream lost, lease expired,
 * bad completion) puts its operations back in the queue and, when the failure counts, adds a
 * delivery attempt to each. An operation that reaches {@code maxDeliveryAttempts} is dropped and,
 * when it was a call, failed to its caller as non-retriable; the entity moves on.
 */
final class Redelivery {

  private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

  private final Engine engine;

  Redelivery(Engine engine) {
    this.engine = engine;
  }

  /** Ends a lease without committing its batch: the operations go back to the queue. */
  void release(Lease lease, boolean countsAsFailedDelivery, String reason, long now)
      throws SQLException {
    retire(lease);
    EntityRuntime e = lease.entity;
    log.info(
        "Work item of entity {} (hub {}, {} operation(s)) goes back to the queue: {}",
        e.instanceId,
        e.hub.name,
        lease.operations.size(),
        reason);
    if (countsAsFailedDelivery) {
      boolean dropped = false;
      for (QueuedMessage m : lease.operations) {
        if (m.removed) {
          continue;
        }
        m.attempts++;
        engine.store.incrementAttempts(m.id);
        if (m.attempts >= engine.config.maxDeliveryAttempts()) {
          poison(e, m, reason, now);
          dropped = true;
        }
      }
      if (dropped) {
        engine.persist(e);
      }
    }
    engine.dispatcher.refresh(e, now);
  }

  /**
   * Ends a lease the worker gave back. The operations are delivered again after a back-off (100 ms,
   * doubling with each further abandon of the entity's work up to 5 s, reset by a completion), so
   * that a worker that keeps giving work back does not spin. An abandon counts as a failed delivery
   * unless the worker said it abandons because it is shutting down.
   */
  void abandon(Lease lease, boolean countsAsFailedDelivery, String reason, long now)
      throws SQLException {
    EntityRuntime e = lease.entity;
    long delay =
        Math.min(
            EngineConfig.ABANDON_BACKOFF_MAX_MILLIS,
            EngineConfig.ABANDON_BACKOFF_FIRST_MILLIS << Math.min(e.abandons, 16));
    e.abandons++;
    e.redeliverAt = now + delay;
    engine.timers.add(new Engine.Timer(e.redeliverAt, e));
    release(lease, countsAsFailedDelivery, reason + "; delivered again in " + delay + " ms", now);
  }

  /** Forgets a lease (completed or released). */
  void retire(Lease lease) {
    engine.leases.remove(lease.token);
    engine.retiredTokens.put(lease.token, lease.entity.instanceId);
    lease.stream.leases.remove(lease);
    if (lease.entity.lease == lease) {
      lease.entity.lease = null;
    }
  }

  private void poison(EntityRuntime e, QueuedMessage m, String lastReason, long now)
      throws SQLException {
    e.removeAll(List.of(m));
    engine.store.deleteMessage(m.id);
    String message =
        "Operation '"
            + m.operationName()
            + "' (requestId "
            + m.requestId
            + ") of entity "
            + e.instanceId
            + " could not be delivered after "
            + m.attempts
            + " attempts (last: "
            + lastReason
            + "); it was dropped.";
    log.warn("{} Hub {}.", message, e.hub.name);
    if (m.isCall() && m.parentInstanceId != null) {
      TaskFailureDetails details =
          TaskFailureDetails.newBuilder()
              .setErrorType("EntityOperationDeliveryFailed")
              .setErrorMessage(message)
              .setIsNonRetriable(true)
              .build();
      engine.respond(
          e.hub,
          m.parentInstanceId,
          m.parentExecutionId,
          HistoryEvent.newBuilder()
              .setEventId(-1)
              .setTimestamp(Protos.timestamp(now))
              .setEntityOperationFailed(
                  EntityOperationFailedEvent.newBuilder()
                      .setRequestId(m.requestId)
                      .setFailureDetails(details))
              .build(),
          now);
    }
  }
}
