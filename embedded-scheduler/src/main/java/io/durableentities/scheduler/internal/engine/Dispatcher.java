package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.WorkItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches ready entities with work-item streams: one batch in flight per entity, filters and
 * per-stream limits honoured, flow control respected ({@code isReady}); work no stream can take
 * stays ready (backlog) until one can. Runs on the writer thread after each commit, so it never
 * hands out uncommitted work and never blocks a Netty event loop.
 */
final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Engine engine;
  private final List<EntityRuntime> unsent = new ArrayList<>();

  Dispatcher(Engine engine) {
    this.engine = engine;
  }

  /** Registers a work-item stream; work is dispatched to it from now on. */
  void open(WorkStream stream) {
    engine.writer.submit(
        ctx -> {
          if (!stream.closed) {
            engine.hubs.computeIfAbsent(stream.hub, HubState::new).streams.add(stream);
            log.info(
                "Worker {} connected to hub {} (entities: {}, max {} in flight)",
                stream,
                stream.hub,
                stream.entityNames == null ? "all" : stream.entityNames,
                stream.maxInFlight);
          }
          return null;
        });
  }

  /** Unregisters a stream that ended; its leased work goes back to the queues. */
  void close(WorkStream stream) {
    engine.writer.submit(
        ctx -> {
          stream.closed = true;
          HubState h = engine.hubs.get(stream.hub);
          if (h != null) {
            h.streams.remove(stream);
          }
          for (Lease l : List.copyOf(stream.leases)) {
            engine.redelivery.release(
                l, stream.completedAny, "the worker's stream " + stream + " ended", ctx.now);
          }
          engine.orchestrationDispatch.streamClosed(stream, ctx.now);
          log.info("Worker {} disconnected from hub {}", stream, stream.hub);
          return null;
        });
  }

  /** Completes every open stream (shutdown); waits until done. */
  void completeAll() {
    engine
        .writer
        .submit(
            ctx -> {
              for (HubState h : engine.hubs.values()) {
                for (WorkStream s : List.copyOf(h.streams)) {
                  s.closed = true;
                  try {
                    s.observer.onCompleted();
                  } catch (RuntimeException e) {
                    log.debug("Could not complete {}", s, e);
                  }
                }
              }
              return null;
            })
        .exceptionally(e -> null)
        .join();
  }

  /** Recomputes whether an entity is ready (deliverable work, nothing in flight). */
  void refresh(EntityRuntime e, long now) {
    HubState h = e.hub;
    if (e.lease == null
        && h.entities.get(e.instanceId) == e
        && now >= e.redeliverAt
        && e.hasDeliverable(now)) {
      h.markReady(e);
    } else {
      h.unmarkReady(e);
      if (e.lease == null && h.entities.get(e.instanceId) == e) {
        QueuedMessage head = e.head(now);
        if (head != null && head.isControl()) {
          engine.entityLocks.candidates.add(e);
        }
      }
    }
  }

  /**
   * Sends what can be sent: round-robin over entity names, oldest ready entity first within a name,
   * each to the best stream that takes that name and has room.
   */
  void dispatch(long now) {
    for (HubState h : engine.hubs.values()) {
      if (h.readyByName.isEmpty() || h.streams.isEmpty()) {
        continue;
      }
      boolean progress = true;
      while (progress) {
        progress = false;
        Iterator<Map.Entry<String, LinkedHashSet<EntityRuntime>>> names =
            h.readyByName.entrySet().iterator();
        while (names.hasNext()) {
          Map.Entry<String, LinkedHashSet<EntityRuntime>> entry = names.next();
          WorkStream s = pick(h, entry.getKey());
          if (s == null) {
            continue;
          }
          Iterator<EntityRuntime> it = entry.getValue().iterator();
          EntityRuntime e = it.next();
          it.remove();
          if (entry.getValue().isEmpty()) {
            names.remove();
          }
          List<QueuedMessage> batch =
              e.nextBatch(now, EngineConfig.MAX_BATCH_OPERATIONS, EngineConfig.MAX_BATCH_BYTES);
          if (batch.isEmpty()) {
            continue;
          }
          if (send(e, s, batch, now)) {
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
      unsent.clear();
    }
  }

  private static WorkStream pick(HubState h, String entityName) {
    WorkStream best = null;
    for (WorkStream s : h.streams) {
      if (!s.accepts(entityName) || !s.hasCapacity()) {
        continue;
      }
      if (best == null
          || s.rank() < best.rank()
          || (s.rank() == best.rank() && s.leases.size() < best.leases.size())) {
        best = s;
      }
    }
    return best;
  }

  private boolean send(EntityRuntime e, WorkStream s, List<QueuedMessage> batch, long now) {
    String token = UUID.randomUUID().toString();
    EntityRequest.Builder request =
        EntityRequest.newBuilder().setInstanceId(e.instanceId).setExecutionId(e.executionId);
    if (e.state != null) {
      request.setEntityState(Protos.string(e.state));
    }
    for (QueuedMessage m : batch) {
      request.addOperationRequests(m.event);
    }
    WorkItem item =
        WorkItem.newBuilder().setEntityRequestV2(request).setCompletionToken(token).build();
    try {
      s.observer.onNext(item);
    } catch (RuntimeException ex) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s, ex);
      s.closed = true;
      return false;
    }
    Lease lease = new Lease(token, e, batch, s, now + engine.config.leaseTimeoutMillis());
    engine.leases.put(token, lease);
    s.leases.add(lease);
    e.lease = lease;
    log.debug(
        "Sent {} operation(s) of entity {} (hub {}) to {}",
        batch.size(),
        e.instanceId,
        e.hub.name,
        s);
    return true;
  }
}
