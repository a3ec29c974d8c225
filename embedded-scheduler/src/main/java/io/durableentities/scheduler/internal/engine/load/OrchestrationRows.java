package io.durableentities.scheduler.internal.engine.load;

import com.google.protobuf.InvalidProtocolBufferException;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.InboxEvent;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.OrchestrationLoader;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration part of a load: the active instances with their current execution's history
 * (finished ones stay in the store, read on demand), inboxes (timers re-armed) and scheduled
 * activities.
 */
final class OrchestrationRows {

  private static final Logger log = LoggerFactory.getLogger(OrchestrationRows.class);

  private final Store store;

  OrchestrationRows(Store store) {
    this.store = store;
  }

  /**
   * Loads the orchestration rows into {@code s}.
   *
   * @param liveEntities the entities with a queue or a lock (the others hold no lock request)
   */
  void load(EngineState s, long now, Collection<EntityRuntime> liveEntities) throws SQLException {
    int[] counts = new int[2];
    store.loadOrchestrations(
        new OrchestrationLoader() {
          @Override
          public void instance(InstanceRow r) {
            HubState h = s.hubOrCreate(r.hub());
            h.putInstance(
                OrchestrationRuntime.stored(
                    h, r, Protos.parseFailure(r.failureDetails()), Protos.parseParent(r.parent())));
            counts[0]++; // active only: finished instances stay in the store
          }

          @Override
          public void history(String hub, String instanceId, String executionId, byte[] event) {
            OrchestrationRuntime o = find(s, hub, instanceId);
            if (o != null && o.history() != null && executionId.equals(o.executionId())) {
              o.appendHistory(Protos.parseEvent(event));
            }
          }

          @Override
          public void inbox(
              long id,
              String hub,
              String instanceId,
              String executionId,
              byte[] event,
              long dueAt) {
            s.inboxIdsAfter(id);
            OrchestrationRuntime o = find(s, hub, instanceId);
            if (o != null) {
              o.addInbox(new InboxEvent(id, Protos.parseEvent(event), dueAt));
            }
          }

          @Override
          public void activity(
              long id,
              String hub,
              String instanceId,
              String executionId,
              int taskId,
              byte[] request) {
            s.activityIdsAfter(id);
            OrchestrationRuntime o = find(s, hub, instanceId);
            if (o != null && o.isActive() && executionId.equals(o.executionId())) {
              try {
                o.hub()
                    .addActivity(
                        new ActivityTask(
                            id,
                            o.hub(),
                            instanceId,
                            executionId,
                            taskId,
                            ActivityRequest.parseFrom(request)));
                counts[1]++;
              } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("A stored activity is corrupt: " + e, e);
              }
            }
          }
        });
    for (EntityRuntime e : liveEntities) {
      markLockHolder(e.hub(), e.lockedBy());
      for (QueuedMessage m : e.queue()) {
        if (m.kind() == MessageRow.KIND_LOCK) {
          markLockHolder(e.hub(), m.parentInstanceId());
        }
      }
    }
    for (HubState h : s.hubs()) {
      for (OrchestrationRuntime o : h.instances().values()) {
        o.putExecutionStartedFirst();
        for (InboxEvent e : o.inbox()) {
          if (e.dueAt() > now) {
            h.addTimer(e.dueAt(), o);
          }
        }
        h.refresh(o, now);
      }
    }
    if (counts[0] > 0) {
      log.info(
          "Loaded {} active orchestration instance(s) and {} activity task(s)",
          counts[0],
          counts[1]);
    }
  }

  private static OrchestrationRuntime find(EngineState s, String hub, String instanceId) {
    HubState h = s.hub(hub);
    return h == null ? null : h.instance(instanceId);
  }

  private static void markLockHolder(HubState h, String holder) {
    OrchestrationRuntime o = holder == null ? null : h.instance(holder);
    if (o != null) {
      o.markRequestedLocks();
    }
  }
}
