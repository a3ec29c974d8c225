package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.EntityLockGrantedEvent;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
public final class CriticalSections {

  private static final Logger log = LoggerFactory.getLogger(CriticalSections.class);

  private final Store store;
  private final EntityWrites writes;

  public CriticalSections(Store store, EntityWrites writes) {
    this.store = store;
    this.writes = writes;
  }

  /**
   * Processes lock and unlock messages at queue heads until none is left, in every hub; grants go
   * to the holders through {@code orchestrations}.
   */
  public void process(EngineState s, OrchestrationMessages orchestrations, long now)
      throws SQLException {
    for (HubState h : List.copyOf(s.hubs())) {
      ArrayDeque<EntityRuntime> work = new ArrayDeque<>();
      List<EntityRuntime> candidates;
      while (!(candidates = h.takeLockCandidates()).isEmpty()) {
        work.addAll(candidates);
        while (!work.isEmpty()) {
          EntityRuntime e = work.poll();
          if (!h.holds(e) || e.lease() != null) {
            continue;
          }
          QueuedMessage m;
          while ((m = e.head(now)) != null && m.isControl()) {
            e.removeAll(List.of(m));
            store.entities().deleteMessage(m.id());
            if (m.kind() == MessageRow.KIND_LOCK) {
              lock(s, orchestrations, e, m, now);
            } else {
              unlock(
                  e, m.parentInstanceId(), m.event().getEntityUnlockSent().getCriticalSectionId());
            }
            e.touch(now);
          }
          writes.persistAndRefresh(e, now);
        }
      }
    }
  }

  private void lock(
      EngineState s,
      OrchestrationMessages orchestrations,
      EntityRuntime e,
      QueuedMessage m,
      long now)
      throws SQLException {
    EntityLockRequestedEvent r = m.event().getEntityLockRequested();
    String holder = m.parentInstanceId();
    HubState h = e.hub();
    OrchestrationRuntime o = h.instance(holder);
    if (o == null
        || !o.isActive()
        || (m.parentExecutionId() != null && !m.parentExecutionId().equals(o.executionId()))) {
      log.info(
          "Dropped the lock request {} of {} for entity {} (hub {}): the orchestration is no"
              + " longer running",
          r.getCriticalSectionId(),
          holder,
          e.instanceId(),
          h.name());
      for (int i = 0; i < r.getPosition() && i < r.getLockSetCount(); i++) {
        EntityRuntime earlier = h.entity(r.getLockSet(i));
        if (earlier != null && unlock(earlier, holder, r.getCriticalSectionId())) {
          writes.persistAndRefresh(earlier, now);
        }
      }
      return;
    }
    e.lock(holder, r.getCriticalSectionId());
    int next = r.getPosition() + 1;
    if (next < r.getLockSetCount()) {
      HistoryEvent forward =
          m.event().toBuilder()
              .setEntityLockRequested(r.toBuilder().setPosition(next))
              .setTimestamp(Protos.timestamp(now))
              .build();
      writes.enqueue(
          s,
          h,
          r.getLockSet(next),
          m.requestId(),
          MessageRow.KIND_LOCK,
          holder,
          m.parentExecutionId(),
          forward,
          m.traceContext(),
          0,
          now);
    } else {
      orchestrations.deliver(
          s,
          h,
          holder,
          o.executionId(),
          Protos.event(now)
              .setEntityLockGranted(
                  EntityLockGrantedEvent.newBuilder()
                      .setCriticalSectionId(r.getCriticalSectionId()))
              .build(),
          now);
    }
  }

  /** Unlocks when {@code holder} holds the lock (and, if given, under that critical section). */
  private static boolean unlock(EntityRuntime e, String holder, String criticalSectionId) {
    if (e.lockedBy() == null || !e.lockedBy().equals(holder)) {
      return false;
    }
    if (criticalSectionId != null
        && !criticalSectionId.isEmpty()
        && e.lockCriticalSection() != null
        && !e.lockCriticalSection().equals(criticalSectionId)) {
      return false;
    }
    e.unlock();
    return true;
  }

  /** Releases every lock an instance holds (the end of one of its executions). */
  public void releaseAll(OrchestrationRuntime o, long now) throws SQLException {
    if (!o.requestedLocks()) {
      return;
    }
    HubState h = o.hub();
    String instanceId = o.instanceId();
    List<EntityRuntime> held = new ArrayList<>();
    for (EntityRuntime e : h.entities().values()) {
      if (instanceId.equals(e.lockedBy())) {
        held.add(e);
      }
    }
    for (EntityRuntime e : held) {
      log.info(
          "Released the lock of entity {} (hub {}): its holder {} ended an execution",
          e.instanceId(),
          h.name(),
          instanceId);
      e.unlock();
      e.touch(now);
      writes.persistAndRefresh(e, now);
    }
  }
}
