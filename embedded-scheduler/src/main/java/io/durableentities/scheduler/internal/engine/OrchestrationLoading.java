package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.scheduler.internal.engine.OrchestrationRuntime.InboxEvent;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.OrchestrationLoader;
import java.sql.SQLException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the orchestration memory from the store on start: instances, the history of the current
 * execution of active ones (finished ones read theirs on demand), inboxes (timers re-armed) and
 * scheduled activities. Leases are not stored, so what was in flight is delivered again.
 */
final class OrchestrationLoading {

  private static final Logger log = LoggerFactory.getLogger(OrchestrationLoading.class);

  private final Engine engine;

  OrchestrationLoading(Engine engine) {
    this.engine = engine;
  }

  private OrchestrationRuntime find(String hub, String instanceId) {
    HubState h = engine.hubs.get(hub);
    return h == null ? null : h.instances.get(instanceId);
  }

  private static void markLockHolder(HubState h, String holder) {
    OrchestrationRuntime o = holder == null ? null : h.instances.get(holder);
    if (o != null) {
      o.requestedLocks = true;
    }
  }

  /**
   * Loads the orchestration rows.
   *
   * @param liveEntities the entities with a queue or a lock (the others hold no lock request)
   */
  void load(long now, Collection<EntityRuntime> liveEntities) throws SQLException {
    Orchestrations orchestrations = engine.orchestrations;
    int[] counts = new int[2];
    engine.store.loadOrchestrations(
        new OrchestrationLoader() {
          @Override
          public void instance(InstanceRow r) {
            HubState h = engine.hubs.computeIfAbsent(r.hub(), HubState::new);
            OrchestrationRuntime o = new OrchestrationRuntime(h, r.instanceId());
            o.executionId = r.executionId();
            o.name = r.name();
            o.version = r.version();
            o.status = OrchestrationStatus.forNumber(r.status());
            o.input = r.input();
            o.output = r.output();
            o.customStatus = r.customStatus();
            o.failure = Orchestrations.parseFailure(r.failureDetails());
            o.createdAt = r.createdAt();
            o.lastUpdated = r.lastUpdated();
            o.completedAt = r.completedAt();
            o.scheduledStart = r.scheduledStart();
            o.parent = Orchestrations.parseParent(r.parent());
            if (!o.isActive()) {
              o.history = null; // read from the store on demand
            }
            h.instances.put(o.instanceId, o);
            counts[0]++;
          }

          @Override
          public void history(String hub, String instanceId, String executionId, byte[] event) {
            OrchestrationRuntime o = find(hub, instanceId);
            if (o != null && o.history != null && executionId.equals(o.executionId)) {
              o.history.add(Protos.parseEvent(event));
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
            orchestrations.nextInboxId = Math.max(orchestrations.nextInboxId, id + 1);
            OrchestrationRuntime o = find(hub, instanceId);
            if (o != null) {
              o.inbox.add(new InboxEvent(id, Protos.parseEvent(event), dueAt));
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
            orchestrations.nextActivityId = Math.max(orchestrations.nextActivityId, id + 1);
            OrchestrationRuntime o = find(hub, instanceId);
            if (o != null && o.isActive() && executionId.equals(o.executionId)) {
              try {
                engine.orchestrationDispatch.addActivity(
                    new ActivityTask(
                        id,
                        o.hub,
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
      markLockHolder(e.hub, e.lockedBy);
      for (QueuedMessage m : e.queue) {
        if (m.kind == MessageRow.KIND_LOCK) {
          markLockHolder(e.hub, m.parentInstanceId);
        }
      }
    }
    for (HubState h : engine.hubs.values()) {
      for (OrchestrationRuntime o : h.instances.values()) {
        for (int i = 1; i < o.inbox.size(); i++) {
          if (o.inbox.get(i).event.hasExecutionStarted()) {
            o.inbox.add(0, o.inbox.remove(i));
          }
        }
        for (InboxEvent e : o.inbox) {
          if (e.dueAt > now) {
            orchestrations.timers.add(new Orchestrations.Timer(e.dueAt, o));
          }
        }
        orchestrations.refresh(o, now);
      }
    }
    if (counts[0] > 0) {
      log.info("Loaded {} orchestration instance(s) and {} activity task(s)", counts[0], counts[1]);
    }
  }

  /** Starts the orchestrations entities requested under schema version 1 (if any). */
  void startLegacyOrchestrations(long now) throws SQLException {
    for (var start : engine.store.orchestrations().takeLegacyStarts()) {
      StartNewOrchestrationAction o;
      try {
        o = StartNewOrchestrationAction.parseFrom(start.action());
      } catch (InvalidProtocolBufferException e) {
        log.warn("Skipped a corrupt stored orchestration start: {}", e.getMessage());
        continue;
      }
      HubState h = engine.hubForWrite(start.hub(), now);
      OrchestrationRuntime existing = h.instances.get(o.getInstanceId());
      if (existing != null && existing.isActive()) {
        continue;
      }
      engine.orchestrations.create(
          h,
          new Orchestrations.StartSpec(
              o.getInstanceId(),
              o.getName(),
              o.hasVersion() ? o.getVersion().getValue() : null,
              o.hasInput() ? o.getInput().getValue() : null,
              start.startAt(),
              null,
              null),
          now);
      log.info(
          "Started orchestration {} requested by an entity before the upgrade", o.getInstanceId());
    }
  }
}
