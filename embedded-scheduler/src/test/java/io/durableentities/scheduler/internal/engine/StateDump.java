package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the engine answers about its memory, read through the façade in a fixed order: task
 * hubs, every entity (transient ones too) with state, lock and queue, every lock table, every
 * instance with its inputs, outputs and history. Two engines that answer the same dump hold the
 * same memory as far as any request can tell.
 */
final class StateDump {

  private StateDump() {}

  static String of(EngineFacade engine) {
    StringBuilder out = new StringBuilder();
    List<String> hubs = engine.hubs();
    out.append("hubs ").append(hubs).append('\n');
    for (String hub : hubs) {
      out.append("== hub ").append(hub).append('\n');
      for (EntityMetadata m : entities(engine, hub)) {
        out.append("entity ").append(m.toString().replace('\n', ' ')).append('\n');
        EntityDetail d = engine.entity(hub, m.getInstanceId());
        out.append("  queue ").append(d.queueSize()).append(' ').append(d.queue()).append('\n');
        out.append("  lock ").append(d.lock()).append('\n');
      }
      LockTable locks = engine.locks(hub);
      out.append("locks ").append(locks).append('\n');
      for (OrchestrationState s : instances(engine, hub)) {
        out.append("instance ").append(s.toString().replace('\n', ' ')).append('\n');
        List<String> history = new ArrayList<>();
        for (HistoryEvent e : engine.history(hub, s.getInstanceId(), null)) {
          history.add(e.toString().replace('\n', ' '));
        }
        out.append("  history ").append(history).append('\n');
      }
    }
    return out.toString();
  }

  private static List<EntityMetadata> entities(EngineFacade engine, String hub) {
    List<EntityMetadata> all = new ArrayList<>();
    String token = null;
    do {
      EntityQuery.Builder q =
          EntityQuery.newBuilder()
              .setIncludeState(true)
              .setIncludeTransient(true)
              .setPageSize(Int32Value.of(1000));
      if (token != null) {
        q.setContinuationToken(StringValue.of(token));
      }
      QueryEntitiesResponse page =
          engine.queryEntities(hub, QueryEntitiesRequest.newBuilder().setQuery(q).build());
      all.addAll(page.getEntitiesList());
      token = page.hasContinuationToken() ? page.getContinuationToken().getValue() : null;
    } while (token != null);
    return all;
  }

  private static List<OrchestrationState> instances(EngineFacade engine, String hub) {
    List<OrchestrationState> all = new ArrayList<>();
    String token = null;
    do {
      InstanceQuery.Builder q =
          InstanceQuery.newBuilder().setMaxInstanceCount(1000).setFetchInputsAndOutputs(true);
      if (token != null) {
        q.setContinuationToken(StringValue.of(token));
      }
      QueryInstancesResponse page = engine.queryInstances(hub, q.build());
      all.addAll(page.getOrchestrationStateList());
      token = page.hasContinuationToken() ? page.getContinuationToken().getValue() : null;
    } while (token != null);
    return all;
  }
}
