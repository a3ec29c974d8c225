package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.scheduler.internal.engine.state.DroppedOperations;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.state.WorkItemSizes;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations that end without running: one that used up its delivery attempts ({@link Redelivery}),
 * and one that cannot be delivered at all, because a work item with it and its entity's state would
 * be larger than {@code maxMessageBytes} (the state grew after the operation was accepted, or a
 * message from an orchestration or an entity was too large from the start). Such an operation
 * leaves its queue for good: it is logged, counted for the dashboard and, when it was a call,
 * failed to its caller as non-retriable with the reason.
 *
 * <p>Oversized operations are found by the hub when it recomputes an entity's readiness, and
 * dropped here just before each commit ({@link #dropOversized}), so they go in the same transaction
 * as whatever made them undeliverable.
 */
public final class Undeliverable {

  private static final Logger log = LoggerFactory.getLogger(Undeliverable.class);

  /** The {@code errorType} callers get for an operation that was dropped. */
  static final String ERROR_TYPE = "EntityOperationDeliveryFailed";

  private final Store store;
  private final EntityWrites writes;
  private final OrchestrationMessages orchestrations;

  public Undeliverable(Store store, EntityWrites writes, OrchestrationMessages orchestrations) {
    this.store = store;
    this.writes = writes;
    this.orchestrations = orchestrations;
  }

  /**
   * Drops the operations at queue heads that cannot be delivered with their entity's state, in
   * every hub; true when it dropped any (a lock request may be at a queue head now).
   */
  public boolean dropOversized(EngineState s, long now) throws SQLException {
    boolean any = false;
    for (HubState h : List.copyOf(s.hubs())) {
      List<EntityRuntime> candidates;
      while (!(candidates = h.takeOversized()).isEmpty()) {
        for (EntityRuntime e : candidates) {
          if (!h.holds(e) || e.lease() != null) {
            continue;
          }
          boolean dropped = false;
          QueuedMessage m;
          while ((m = e.head(now)) != null
              && !m.isControl()
              && !WorkItemSizes.fitsAlone(e, m, h.maxWorkItemBytes())) {
            drop(s, e, m, tooLarge(e, m, h.maxWorkItemBytes()), now);
            dropped = true;
          }
          if (dropped) {
            any = true;
            writes.persistAndRefresh(e, now);
          } else {
            h.refresh(e, now);
          }
        }
      }
    }
    return any;
  }

  private static String tooLarge(EntityRuntime e, QueuedMessage m, int limit) {
    long item = WorkItemSizes.item(e.workItemBase(), WorkItemSizes.operation(m));
    return "Operation '"
        + m.operationName()
        + "' (requestId "
        + m.requestId()
        + ") of entity "
        + e.instanceId()
        + " cannot be delivered: its work item would be "
        + item
        + " bytes (the operation "
        + m.sizeBytes()
        + " bytes, the entity's state "
        + (e.state() == null ? 0 : Protos.utf8Length(e.state()))
        + " bytes), above the limit of "
        + limit
        + " bytes (maxMessageBytes); it was dropped.";
  }

  /**
   * Takes a queued operation out for good: deleted, logged, counted, and failed to its caller when
   * it was a call. The caller persists and refreshes the entity.
   *
   * @param message why, naming the operation and the entity (it goes to the log and the caller)
   */
  public void drop(EngineState s, EntityRuntime e, QueuedMessage m, String message, long now)
      throws SQLException {
    e.removeAll(List.of(m));
    store.entities().deleteMessage(m.id());
    HubState h = e.hub();
    h.dropped()
        .record(
            new DroppedOperations.Drop(
                e.instanceId(), m.operationName(), m.requestId(), m.isCall(), message, now));
    log.warn("{} Hub {}.", message, h.name());
    if (m.isCall() && m.parentInstanceId() != null) {
      TaskFailureDetails details =
          TaskFailureDetails.newBuilder()
              .setErrorType(ERROR_TYPE)
              .setErrorMessage(message)
              .setIsNonRetriable(true)
              .build();
      orchestrations.deliver(
          s,
          h,
          m.parentInstanceId(),
          m.parentExecutionId(),
          Protos.event(now)
              .setEntityOperationFailed(
                  EntityOperationFailedEvent.newBuilder()
                      .setRequestId(m.requestId())
                      .setFailureDetails(details))
              .build(),
          now);
    }
  }
}
