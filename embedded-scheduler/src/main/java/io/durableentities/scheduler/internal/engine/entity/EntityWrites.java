package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;

/**
 * The steps every write that touches entities shares, run on the writer thread: a hub recorded on
 * first write, a message appended to an entity's queue, an entity's row written (or deleted when it
 * has nothing left). Each changes the store and memory together.
 */
public final class EntityWrites {

  private final Store store;
  private final StoredEntities stored;

  public EntityWrites(Store store, StoredEntities stored) {
    this.store = store;
    this.stored = stored;
  }

  /** The entities memory may lack, read from the store. */
  public StoredEntities stored() {
    return stored;
  }

  /** The hub, recorded in the store on first write. */
  public HubState hub(EngineState s, String name, long now) throws SQLException {
    HubState h = s.hubOrCreate(name);
    if (!h.isPersisted()) {
      store.entities().insertHub(name, now);
      h.markPersisted();
    }
    return h;
  }

  /**
   * Appends a message to an entity's queue, with the trace context it was sent with (null, or one
   * without a {@code traceparent}, for none): in the store always, and in memory when memory holds
   * the entity's whole queue or may take the entity in (reading it from the store, or creating it);
   * otherwise the message is spilled, committed only with its key in the store's backlog table, and
   * the pager reads it later in id order ({@link QueueLoad}: FIFO per entity holds, and memory
   * stays bounded by the live entities). A message memory takes writes its row in the log only.
   */
  public void enqueue(
      EngineState s,
      HubState h,
      String instanceId,
      String requestId,
      int kind,
      String parentInstanceId,
      String parentExecutionId,
      HistoryEvent event,
      TraceContext trace,
      long dueAt,
      long now)
      throws SQLException {
    EntityRuntime resident = h.entity(instanceId);
    boolean toMemory;
    if (s.queueLoad().inProgress()) {
      // A backlog is pending: only an entity whose whole queue memory holds may take it now.
      toMemory = resident != null && s.queueLoad().complete(resident);
    } else {
      toMemory = (resident != null && !resident.isIdle()) || s.roomForLiveEntity();
    }
    MessageRow row =
        new MessageRow(
            s.newMessageId(),
            h.name(),
            instanceId,
            requestId,
            kind,
            parentInstanceId,
            parentExecutionId,
            event.toByteArray(),
            dueAt,
            now,
            0,
            trace == null || trace.getTraceParent().isEmpty() ? null : trace.toByteArray());
    if (!toMemory) {
      store.entities().insertMessage(row);
      // Its key goes to the backlog table (the only write the normal path does not do).
      store.entities().insertBacklog(h.name(), instanceId, row.id());
      s.queueLoad().spilled(row.id(), h.name(), EntityIds.nameOf(instanceId), resident);
      return;
    }
    EntityRuntime e = stored.findOrCreate(s, h, instanceId, now);
    store.entities().insertMessage(row);
    e.enqueue(new QueuedMessage(row, event));
    if (dueAt > now) {
      h.addTimer(dueAt, e);
    }
    h.refresh(e, now);
  }

  /**
   * Writes an entity's row (only entities with state or a lock have one) and forgets an entity that
   * has nothing left (implicit deletion).
   */
  public void persist(EntityRuntime e) throws SQLException {
    HubState h = e.hub();
    if (e.state() == null && e.lockedBy() == null) {
      store.entities().deleteEntity(h.name(), e.instanceId());
    } else {
      store
          .entities()
          .upsertEntity(
              h.name(),
              e.instanceId(),
              e.state(),
              e.lockedBy(),
              e.lockCriticalSection(),
              e.lastModified());
    }
    h.forgetIfEmpty(e);
  }

  /** Persists an entity and recomputes its readiness. */
  public void persistAndRefresh(EntityRuntime e, long now) throws SQLException {
    persist(e);
    e.hub().refresh(e, now);
  }
}
