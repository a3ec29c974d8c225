package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityLockGrantedEvent;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.internal.store.MessageRow;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Critical sections, processed by the scheduler (workers never see lock messages).
 *
 * <p>A lock request waits in the entity's FIFO queue; a batch stops before it. At the head of the
 * queue (no batch in flight) it is processed: the entity is locked by the requesting orchestration
 * ({@code lockedBy}, with the critical section id) and the request is forwarded to the next entity
 * of the lock set, or, at the last one, {@code EntityLockGranted} goes to the holder's current
 * execution. A request from an orchestration that is no longer running (or from an earlier
 * execution) is dropped and the earlier positions of its set are unlocked. An unlock is honoured
 * only when the entity is locked by its sender. Every end of an execution releases what the
 * instance still holds ({@link #releaseAll}).
 *
 * <p>Processing happens just before each group commit ({@link #process}), so its effects commit
 * with whatever made the lock message reach the head of its queue.
 */
final class EntityLocks {

  private static final Logger log = LoggerFactory.getLogger(EntityLocks.class);

  private final Engine engine;

  /** Entities whose queue head may be a lock or unlock message. */
  final Set<EntityRuntime> candidates = new LinkedHashSet<>();

  EntityLocks(Engine engine) {
    this.engine = engine;
  }

  /** Processes lock and unlock messages at queue heads until none is left. */
  void process(long now) throws SQLException {
    ArrayDeque<EntityRuntime> work = new ArrayDeque<>();
    while (!candidates.isEmpty()) {
      work.addAll(candidates);
      candidates.clear();
      while (!work.isEmpty()) {
        EntityRuntime e = work.poll();
        if (e.hub.entities.get(e.instanceId) != e || e.lease != null) {
          continue;
        }
        QueuedMessage m;
        while ((m = e.head(now)) != null && m.isControl()) {
          e.removeAll(List.of(m));
          engine.store.deleteMessage(m.id);
          if (m.kind == MessageRow.KIND_LOCK) {
            lock(e, m, now);
          } else {
            unlock(e, m.parentInstanceId, m.event.getEntityUnlockSent().getCriticalSectionId());
          }
          e.lastModified = now;
        }
        engine.persist(e);
        engine.dispatcher.refresh(e, now);
      }
    }
  }

  private void lock(EntityRuntime e, QueuedMessage m, long now) throws SQLException {
    EntityLockRequestedEvent r = m.event.getEntityLockRequested();
    String holder = m.parentInstanceId;
    OrchestrationRuntime o = e.hub.instances.get(holder);
    if (o == null
        || !o.isActive()
        || (m.parentExecutionId != null && !m.parentExecutionId.equals(o.executionId))) {
      log.info(
          "Dropped the lock request {} of {} for entity {} (hub {}): the orchestration is no"
              + " longer running",
          r.getCriticalSectionId(),
          holder,
          e.instanceId,
          e.hub.name);
      for (int i = 0; i < r.getPosition() && i < r.getLockSetCount(); i++) {
        EntityRuntime earlier = e.hub.entities.get(r.getLockSet(i));
        if (earlier != null && unlock(earlier, holder, r.getCriticalSectionId())) {
          engine.persist(earlier);
          engine.dispatcher.refresh(earlier, now);
        }
      }
      return;
    }
    e.lockedBy = holder;
    e.lockCriticalSection = r.getCriticalSectionId();
    int next = r.getPosition() + 1;
    if (next < r.getLockSetCount()) {
      HistoryEvent forward =
          m.event.toBuilder()
              .setEntityLockRequested(r.toBuilder().setPosition(next))
              .setTimestamp(Protos.timestamp(now))
              .build();
      engine.enqueue(
          e.hub,
          r.getLockSet(next),
          m.requestId,
          MessageRow.KIND_LOCK,
          holder,
          m.parentExecutionId,
          forward,
          0,
          now);
    } else {
      engine.orchestrations.deliver(
          e.hub,
          holder,
          o.executionId,
          Orchestrations.event(now)
              .setEntityLockGranted(
                  EntityLockGrantedEvent.newBuilder()
                      .setCriticalSectionId(r.getCriticalSectionId()))
              .build(),
          0,
          now);
    }
  }

  /** Unlocks when {@code holder} holds the lock (and, if given, under that critical section). */
  private static boolean unlock(EntityRuntime e, String holder, String criticalSectionId) {
    if (e.lockedBy == null || !e.lockedBy.equals(holder)) {
      return false;
    }
    if (criticalSectionId != null
        && !criticalSectionId.isEmpty()
        && e.lockCriticalSection != null
        && !e.lockCriticalSection.equals(criticalSectionId)) {
      return false;
    }
    e.lockedBy = null;
    e.lockCriticalSection = null;
    return true;
  }

  /** Releases every lock an instance holds (the end of one of its executions). */
  void releaseAll(OrchestrationRuntime o, long now) throws SQLException {
    if (!o.requestedLocks) {
      return;
    }
    HubState h = o.hub;
    String instanceId = o.instanceId;
    List<EntityRuntime> held = new ArrayList<>();
    for (EntityRuntime e : h.entities.values()) {
      if (instanceId.equals(e.lockedBy)) {
        held.add(e);
      }
    }
    for (EntityRuntime e : held) {
      log.info(
          "Released the lock of entity {} (hub {}): its holder {} ended an execution",
          e.instanceId,
          h.name,
          instanceId);
      e.lockedBy = null;
      e.lockCriticalSection = null;
      e.lastModified = now;
      engine.persist(e);
      engine.dispatcher.refresh(e, now);
    }
  }
}
