package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.write.StorageFailures;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of an instance's current execution for the read paths ({@code StreamInstanceHistory},
 * the dashboard): copied from memory while the instance is there (active), read from the store once
 * it finished.
 *
 * <p>A finished instance leaves memory only after the commit that ended it, so an instance memory
 * lacks has its committed row and history in the store. A file database is read on connections of
 * its own, outside the writer lock, so the writer never waits for a read; an in-memory database can
 * only be read on the writer's connection, under the lock.
 */
public final class InstanceHistories {

  private final CurrentState current;
  private final Store store;

  /** Null for an in-memory database. */
  private final StoreReader reader;

  public InstanceHistories(CurrentState current, Store store, StoreReader reader) {
    this.current = current;
    this.store = store;
    this.reader = reader;
  }

  /** What the locked part of a read found. */
  private record Found(List<HistoryEvent> inMemory, String executionId, List<byte[]> stored) {}

  /**
   * The current execution's events of an instance.
   *
   * @param rpc the operation asking, for messages
   * @param executionId the execution asked for, or null/empty for the current one
   */
  public List<HistoryEvent> read(String rpc, String hub, String instanceId, String executionId) {
    Found found =
        current.read(
            s -> {
              HubState h = s.hub(hub);
              OrchestrationRuntime o = h == null ? null : h.instance(instanceId);
              if (o != null && o.history() != null) {
                requireExecution(rpc, instanceId, executionId, o.executionId());
                return new Found(List.copyOf(o.history()), null, null);
              }
              if (reader != null) {
                return o == null ? null : new Found(null, o.executionId(), null);
              }
              // In memory: the store is read on the writer's connection, under the lock.
              String current = o != null ? o.executionId() : storedExecution(rpc, hub, instanceId);
              requireExecution(rpc, instanceId, executionId, current);
              return new Found(
                  null, current, readOnWriterConnection(rpc, hub, instanceId, current));
            });
    if (found != null && found.inMemory() != null) {
      return found.inMemory();
    }
    List<byte[]> stored = found == null ? null : found.stored();
    if (stored == null) {
      try {
        String current =
            found != null ? found.executionId() : storedExecution(rpc, hub, instanceId);
        requireExecution(rpc, instanceId, executionId, current);
        stored = reader.read(hub, instanceId, current);
      } catch (SQLException e) {
        throw unreadable(rpc, instanceId, e);
      }
    }
    if (stored.isEmpty()) {
      // Purged or replaced between the look-up and the read: a finished execution has events.
      throw InstanceRequests.notFound(rpc, instanceId);
    }
    List<HistoryEvent> events = new ArrayList<>(stored.size());
    for (byte[] event : stored) {
      events.add(Protos.parseEvent(event));
    }
    return events;
  }

  /** The current execution of an instance memory lacks, from its committed row. */
  private String storedExecution(String rpc, String hub, String instanceId) {
    InstanceRow row;
    try {
      row =
          reader != null
              ? reader.instance(hub, instanceId)
              : store.orchestrations().instance(hub, instanceId);
    } catch (SQLException e) {
      throw unreadable(rpc, instanceId, e);
    }
    if (row == null) {
      throw InstanceRequests.notFound(rpc, instanceId);
    }
    return row.executionId();
  }

  private static void requireExecution(
      String rpc, String instanceId, String asked, String current) {
    if (asked != null && !asked.isEmpty() && !asked.equals(current)) {
      throw Status.NOT_FOUND
          .withDescription(
              rpc
                  + ": orchestration '"
                  + instanceId
                  + "' has no execution '"
                  + asked
                  + "'; only the current execution ("
                  + current
                  + ") keeps its history")
          .asRuntimeException();
    }
  }

  private List<byte[]> readOnWriterConnection(
      String rpc, String hub, String instanceId, String executionId) {
    try {
      return store.orchestrations().readHistory(hub, instanceId, executionId);
    } catch (SQLException e) {
      throw unreadable(rpc, instanceId, e);
    }
  }

  private RuntimeException unreadable(String rpc, String instanceId, SQLException e) {
    return StorageFailures.status(
        e,
        rpc + ": could not read the history of orchestration '" + instanceId + "'",
        store.where());
  }
}
