package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.BoolValue;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.write.StateWork;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.InstanceSelection;
import io.durableentities.scheduler.internal.store.Store;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code PurgeInstances}, run on the writer thread: finished orchestrations (one, a batch, or by
 * filter; with, when recursive, their finished sub-orchestrations) are deleted with their history;
 * an id starting with {@code @} purges that entity's state instead, whatever the request's {@code
 * isOrchestration} says. The whole request is checked before anything is deleted, so a running
 * instance in a batch fails the request and purges nothing.
 */
public final class InstancePurger {

  /** How many stored rows a filter reads at a time. */
  private static final int FILTER_CHUNK = 1000;

  private final Store store;
  private final Orchestrations orchestrations;
  private final EntityWrites writes;

  public InstancePurger(Store store, Orchestrations orchestrations, EntityWrites writes) {
    this.store = store;
    this.orchestrations = orchestrations;
    this.writes = writes;
  }

  /** The write that purges what a request names. */
  public StateWork<PurgeInstancesResponse> prepare(String hub, PurgeInstancesRequest r) {
    return (s, ctx) -> {
      HubState h = s.hub(hub);
      int deleted = 0;
      if (h != null) {
        List<String> ids = targets(s, h, r);
        for (String id : ids) {
          deleted += purgeOne(s, h, id, r.getRecursive(), ctx.now());
        }
      }
      return PurgeInstancesResponse.newBuilder()
          .setDeletedInstanceCount(deleted)
          .setIsComplete(BoolValue.of(true))
          .build();
    };
  }

  /** The ids to purge, checked (and entity rows read) before anything changes. */
  private List<String> targets(EngineState s, HubState h, PurgeInstancesRequest r)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    switch (r.getRequestCase()) {
      case INSTANCEID -> ids.add(r.getInstanceId());
      case INSTANCEBATCH -> ids.addAll(r.getInstanceBatch().getInstanceIdsList());
      case PURGEINSTANCEFILTER -> {
        var f = r.getPurgeInstanceFilter();
        Set<OrchestrationStatus> statuses = Set.copyOf(f.getRuntimeStatusList());
        long from = f.hasCreatedTimeFrom() ? Protos.millis(f.getCreatedTimeFrom()) : 0;
        long to = f.hasCreatedTimeTo() ? Protos.millis(f.getCreatedTimeTo()) : Long.MAX_VALUE;
        // Memory holds only active instances; the finished ones are the store's.
        Set<Integer> numbers = new HashSet<>();
        statuses.forEach(st -> numbers.add(st.getNumber()));
        InstanceSelection q =
            new InstanceSelection(
                h.name(),
                "",
                true,
                numbers,
                true,
                from,
                to,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                FILTER_CHUNK);
        List<InstanceRow> rows;
        do {
          rows = store.orchestrations().instances(q);
          rows.forEach(row -> ids.add(row.instanceId()));
          if (!rows.isEmpty()) {
            q = q.after(rows.get(rows.size() - 1).instanceId());
          }
        } while (rows.size() == FILTER_CHUNK);
      }
      default -> {}
    }
    for (String id : ids) {
      if (id.startsWith("@")) {
        writes.stored().prefetch(s, h.name(), EntityIds.normalize(id));
        continue;
      }
      OrchestrationRuntime o = h.instance(id); // active ones are in memory
      if (o != null && o.isActive()) {
        throw Status.FAILED_PRECONDITION
            .withDescription(
                "PurgeInstances: orchestration '"
                    + id
                    + "' is "
                    + o.status()
                    + "; only finished instances can be purged (terminate it first)")
            .asRuntimeException();
      }
    }
    return ids;
  }

  private int purgeOne(EngineState s, HubState h, String instanceId, boolean recursive, long now)
      throws SQLException {
    if (instanceId.startsWith("@")) {
      String id = EntityIds.normalize(instanceId);
      EntityRuntime e = writes.stored().find(s, h, id);
      if (e == null || e.state() == null) {
        return 0;
      }
      e.setState(null, now);
      writes.persist(e);
      return 1;
    }
    OrchestrationRuntime o = orchestrations.stored().find(s, h, instanceId);
    if (o == null || o.isActive()) {
      return 0;
    }
    int n = 1;
    orchestrations.forget(o);
    if (recursive) {
      for (String child : store.orchestrations().finishedChildren(h.name(), instanceId)) {
        n += purgeOne(s, h, child, true, now);
      }
    }
    return n;
  }

  /**
   * Purges up to {@code max} instances that finished before {@code cutoff}, oldest first (the
   * retention, writer thread); returns how many.
   */
  public int purgeFinishedBefore(EngineState s, long cutoff, int max) throws SQLException {
    int purged = 0;
    for (String[] key : store.orchestrations().finishedBefore(cutoff, max)) {
      OrchestrationRuntime o = orchestrations.stored().find(s, key[0], key[1]);
      if (o != null && !o.isActive()) {
        orchestrations.forget(o);
        purged++;
      }
    }
    return purged;
  }
}
