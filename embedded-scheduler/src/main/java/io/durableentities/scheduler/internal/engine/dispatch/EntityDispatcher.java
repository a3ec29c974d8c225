package io.durableentities.scheduler.internal.engine.dispatch;

import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Lease;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches ready entities with work-item streams: one batch in flight per entity, filters and
 * per-stream limits honoured, flow control respected ({@code isReady}); work no stream can take
 * stays ready (backlog) until one can. A batch goes out in the V2 form DTS sends, or in the V1 form
 * when one of its operations carries a trace context and the stream's worker reads it ({@link
 * EntityWorkItems}). Runs on the writer thread after each commit, so it never hands out uncommitted
 * work and never blocks a Netty event loop.
 */
public final class EntityDispatcher {

  private static final Logger log = LoggerFactory.getLogger(EntityDispatcher.class);

  private final EngineConfig config;

  public EntityDispatcher(EngineConfig config) {
    this.config = config;
  }

  /**
   * Sends what can be sent: round-robin over entity names, oldest ready entity first within a name,
   * each to the best stream that takes that name and has room.
   */
  public void dispatch(EngineState s, long now) {
    for (HubState h : s.hubs()) {
      if (h.streams().isEmpty()) {
        continue;
      }
      List<EntityRuntime> unsent = new ArrayList<>(0);
      boolean progress = true;
      while (progress) {
        progress = false;
        for (String name : h.readyEntityNames()) {
          WorkStream stream = pick(h, name);
          if (stream == null) {
            continue;
          }
          EntityRuntime e = h.pollReady(name);
          List<QueuedMessage> batch =
              e.nextBatch(
                  now,
                  EngineConfig.MAX_BATCH_OPERATIONS,
                  EngineConfig.MAX_BATCH_BYTES,
                  h.maxWorkItemBytes());
          if (batch.isEmpty()) {
            continue;
          }
          if (send(h, e, stream, batch, now)) {
            progress = true;
          } else {
            // The stream is gone (now marked closed); the entity waits for the next round.
            unsent.add(e);
          }
        }
      }
      for (EntityRuntime e : unsent) {
        h.markReady(e);
      }
    }
  }

  private static WorkStream pick(HubState h, String entityName) {
    WorkStream best = null;
    for (WorkStream s : h.streams()) {
      if (!s.accepts(entityName) || !s.hasCapacity()) {
        continue;
      }
      if (best == null
          || s.rank() < best.rank()
          || (s.rank() == best.rank() && s.entityLoad() < best.entityLoad())) {
        best = s;
      }
    }
    return best;
  }

  private boolean send(
      HubState h, EntityRuntime e, WorkStream s, List<QueuedMessage> batch, long now) {
    String token = UUID.randomUUID().toString();
    WorkItem.Builder item = WorkItem.newBuilder().setCompletionToken(token);
    if (s.takes().readsEntityTraces() && EntityWorkItems.carriesTrace(batch)) {
      item.setEntityRequest(EntityWorkItems.v1(e, batch));
    } else {
      item.setEntityRequestV2(EntityWorkItems.v2(e, batch));
    }
    if (!s.send(item.build())) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s);
      return false;
    }
    h.leases().add(new Lease(token, e, batch, s, now + config.leaseTimeoutMillis()));
    log.debug(
        "Sent {} operation(s) of entity {} (hub {}) to {}",
        batch.size(),
        e.instanceId(),
        h.name(),
        s);
    return true;
  }
}
