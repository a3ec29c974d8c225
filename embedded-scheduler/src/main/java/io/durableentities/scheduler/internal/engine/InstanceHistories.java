package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of an instance's current execution for the read paths ({@code StreamInstanceHistory},
 * the dashboard): copied from memory while the instance holds it (active, or finished in a group
 * not yet committed), read from the store once it finished.
 *
 * <p>A finished instance's history leaves memory only after the commit that ended it ({@link
 * Orchestrations#dropFinishedHistories}), so an instance seen without one always has it in the
 * store. A file database is read on connections of its own, outside the engine lock, so the writer
 * never waits for a read; an in-memory database can only be read on the writer's connection, under
 * the lock.
 */
final class InstanceHistories {

  private final Engine engine;

  /** Null for an in-memory database (owned by {@link StoredEntities}). */
  private final StoreReader reader;

  InstanceHistories(Engine engine) {
    this.engine = engine;
    this.reader = engine.stored.reader;
  }

  /**
   * The current execution's events of an instance.
   *
   * @param rpc the operation asking, for messages
   * @param executionId the execution asked for, or null/empty for the current one
   */
  List<HistoryEvent> read(String rpc, String hub, String instanceId, String executionId) {
    String current;
    List<byte[]> stored;
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      OrchestrationRuntime o = h == null ? null : h.instances.get(instanceId);
      if (o == null) {
        throw notFound(rpc, instanceId);
      }
      if (executionId != null && !executionId.isEmpty() && !executionId.equals(o.executionId)) {
        throw Status.NOT_FOUND
            .withDescription(
                rpc
                    + ": orchestration '"
                    + instanceId
                    + "' has no execution '"
                    + executionId
                    + "'; only the current execution ("
                    + o.executionId
                    + ") keeps its history")
            .asRuntimeException();
      }
      if (o.history != null) {
        return List.copyOf(o.history);
      }
      current = o.executionId;
      stored = reader == null ? readOnWriterConnection(rpc, hub, instanceId, current) : null;
    } finally {
      engine.lock.unlock();
    }
    if (stored == null) {
      try {
        stored = reader.read(hub, instanceId, current);
      } catch (SQLException e) {
        throw unreadable(rpc, instanceId, e);
      }
    }
    if (stored.isEmpty()) {
      // Purged or replaced between the look-up and the read: a finished execution has events.
      throw notFound(rpc, instanceId);
    }
    List<HistoryEvent> events = new ArrayList<>(stored.size());
    for (byte[] event : stored) {
      events.add(Protos.parseEvent(event));
    }
    return events;
  }

  private List<byte[]> readOnWriterConnection(
      String rpc, String hub, String instanceId, String executionId) {
    try {
      return engine.store.orchestrations().readHistory(hub, instanceId, executionId);
    } catch (SQLException e) {
      throw unreadable(rpc, instanceId, e);
    }
  }

  private static RuntimeException notFound(String rpc, String instanceId) {
    return Status.NOT_FOUND
        .withDescription(rpc + ": no orchestration instance '" + instanceId + "'")
        .asRuntimeException();
  }

  private RuntimeException unreadable(String rpc, String instanceId, SQLException e) {
    return Status.UNAVAILABLE
        .withDescription(
            rpc
                + ": could not read the history of orchestration '"
                + instanceId
                + "' from "
                + engine.store.where()
                + ": "
                + e.getMessage())
        .withCause(e)
        .asRuntimeException();
  }
}
