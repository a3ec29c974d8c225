package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.SeenRequestIds;
import io.durableentities.scheduler.internal.engine.state.WorkItemSizes;
import io.durableentities.scheduler.internal.engine.write.StateWork;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import io.grpc.Status;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code SignalEntity}: validated on the caller's thread (a bad request fails before anything is
 * queued), then appended to the entity's queue by the writer, deduplicated by request id within the
 * dedup window.
 */
public final class Signals {

  private final EngineConfig config;
  private final Store store;
  private final EntityWrites writes;

  public Signals(EngineConfig config, Store store, EntityWrites writes) {
    this.config = config;
    this.store = store;
    this.writes = writes;
  }

  /**
   * Validates a signal and returns the write that enqueues it.
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the entity
   */
  public StateWork<Void> prepare(String hub, SignalEntityRequest req) {
    String id = EntityIds.normalize(req.getInstanceId());
    if (req.getName().isEmpty()) {
      throw Status.INVALID_ARGUMENT
          .withDescription("SignalEntity to entity " + id + ": the operation name is empty")
          .asRuntimeException();
    }
    boolean generated = req.getRequestId().isEmpty();
    String requestId = generated ? UUID.randomUUID().toString() : req.getRequestId();
    if (!generated) {
      EntityIds.requireGuid(requestId, id);
    }
    if (req.hasInput() && Protos.utf8Length(req.getInput().getValue()) > config.maxMessageBytes()) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "SignalEntity to entity "
                  + id
                  + ": the input is larger than the limit of "
                  + config.maxMessageBytes()
                  + " bytes")
          .asRuntimeException();
    }
    EntityOperationSignaledEvent.Builder signaled =
        EntityOperationSignaledEvent.newBuilder()
            .setRequestId(requestId)
            .setOperation(req.getName());
    if (req.hasInput()) {
      signaled.setInput(req.getInput());
    }
    if (req.hasScheduledTime()) {
      signaled.setScheduledTime(req.getScheduledTime());
    }
    long dueAt = req.hasScheduledTime() ? Protos.millis(req.getScheduledTime()) : 0;
    return (s, ctx) -> {
      long now = ctx.now();
      // Read first: an unreadable row fails this signal alone, before it changed anything.
      writes.stored().prefetch(s, hub, id);
      HistoryEvent event =
          HistoryEvent.newBuilder()
              .setEventId(-1)
              .setTimestamp(req.hasRequestTime() ? req.getRequestTime() : Protos.timestamp(now))
              .setEntityOperationSignaled(signaled)
              .build();
      requireDeliverable(s, hub, id, req, event);
      if (!generated) {
        String seen = requestId.toLowerCase(Locale.ROOT);
        SeenRequestIds window = s.seenRequestIds();
        long fingerprint = window.fingerprint(hub, id, seen);
        for (long candidate : window.rowsOf(fingerprint)) {
          // A fingerprint is a hint: only the stored row says whether this id was seen.
          if (store
              .entities()
              .hasDedup(candidate, hub, id, seen, now - config.dedupWindowMillis())) {
            return null;
          }
        }
        long row = window.add(fingerprint, now);
        store.entities().insertDedup(row, hub, id, seen, now);
      }
      HubState h = writes.hub(s, hub, now);
      writes.enqueue(
          s,
          h,
          id,
          requestId,
          MessageRow.KIND_SIGNAL,
          null,
          null,
          event,
          req.hasParentTraceContext() ? req.getParentTraceContext() : null,
          dueAt,
          now);
      return null;
    };
  }

  /**
   * Refuses a signal that could never be delivered: a work item with it and the entity's current
   * state would exceed {@code maxMessageBytes}, the largest message a worker is sent.
   */
  private void requireDeliverable(
      EngineState s, String hub, String id, SignalEntityRequest req, HistoryEvent event) {
    HubState h = s.hub(hub);
    EntityRuntime e = h == null ? null : h.entity(id);
    long item = WorkItemSizes.itemWith(e, id, event.getSerializedSize());
    if (item > config.maxMessageBytes()) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "SignalEntity to entity "
                  + id
                  + ", operation '"
                  + EntityIds.abbreviate(req.getName())
                  + "': it could never be delivered: its work item would be "
                  + item
                  + " bytes (the input "
                  + (req.hasInput() ? Protos.utf8Length(req.getInput().getValue()) : 0)
                  + " bytes, the entity's state "
                  + (e == null || e.state() == null ? 0 : Protos.utf8Length(e.state()))
                  + " bytes), above the limit of "
                  + config.maxMessageBytes()
                  + " bytes (maxMessageBytes); send less, or keep less in the entity's state")
          .asRuntimeException();
    }
  }
}
