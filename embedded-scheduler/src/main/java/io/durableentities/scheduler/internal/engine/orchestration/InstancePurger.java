package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.InstanceSelection;
import io.durableentities.scheduler.internal.store.Store;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code PurgeInstances} and the retention's purge, run on the writer thread: finished
 * orchestrations (one, a batch, or by filter; with, when recursive, their finished
 * sub-orchestrations) are deleted with their history; an id starting with {@code @} purges that
 * entity's state instead, whatever the request's {@code isOrchestration} says. The whole request is
 * checked before anything is deleted, so a running instance in a batch fails the request and purges
 * nothing.
 *
 * <p>No writer turn deletes more than {@value #ROWS_PER_TURN} rows: an instance with a longer
 * history is deleted over several turns, its newest history rows first and its instance row last,
 * so that between two turns (and after a crash between them) it is still a finished instance with
 * the start of its history, found and purged again by the next turn.
 */
public final class InstancePurger {

  /**
   * The stored rows one writer turn of purging deletes at most (history rows; an instance with its
   * inbox and activities counts one), so that a request queued behind a purge waits for about as
   * much deleting as one large entity batch costs, however long the purged histories are.
   */
  public static final int ROWS_PER_TURN = 1000;

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

  /** A purge of what a request names, to run turn by turn ({@link PurgeRun#turn}). */
  public PurgeRun prepare(String hub, PurgeInstancesRequest r) {
    return new PurgeRun(this, hub, r);
  }

  /** The ids to purge, checked (and entity rows read) before anything changes. */
  List<String> targets(EngineState s, String hub, PurgeInstancesRequest r) throws SQLException {
    HubState h = s.hub(hub);
    List<String> ids = new ArrayList<>();
    if (h == null) {
      return ids;
    }
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

  /**
   * Purges from the front of {@code pending} within one turn's budget; an id is taken off once its
   * instance is gone (and, when recursive, its finished sub-orchestrations are put in front).
   * Returns how many instances and entity states were deleted.
   */
  int purgeSome(EngineState s, String hub, Deque<String> pending, boolean recursive, long now)
      throws SQLException {
    HubState h = s.hub(hub);
    if (h == null) {
      pending.clear();
      return 0;
    }
    int budget = ROWS_PER_TURN;
    int deleted = 0;
    while (budget > 0 && !pending.isEmpty()) {
      String id = pending.peekFirst();
      if (id.startsWith("@")) {
        pending.removeFirst();
        deleted += purgeEntityState(s, h, id, now);
        budget--;
        continue;
      }
      OrchestrationRuntime o = orchestrations.stored().find(s, h, id);
      if (o == null || o.isActive()) {
        pending.removeFirst(); // gone meanwhile, or started again with the same id: not ours
        continue;
      }
      Deleted d = purgeWithin(o, budget);
      budget -= d.rows();
      if (d.gone()) {
        pending.removeFirst();
        deleted++;
        if (recursive) {
          for (String child : store.orchestrations().finishedChildren(h.name(), id)) {
            pending.addFirst(child);
          }
        }
      }
    }
    return deleted;
  }

  /** What one turn deleted of an instance: rows, and whether the instance is gone. */
  private record Deleted(int rows, boolean gone) {}

  /**
   * Deletes as much of a finished instance as {@code budget} rows allow: history rows first, newest
   * first, then, once none is left, its instance row with its inbox and activities (one row).
   */
  private Deleted purgeWithin(OrchestrationRuntime o, int budget) throws SQLException {
    int history =
        store.orchestrations().deleteNewestHistory(o.hub().name(), o.instanceId(), budget);
    if (history == budget) {
      return new Deleted(budget, false); // perhaps more: the next turn goes on
    }
    orchestrations.forget(o);
    return new Deleted(history + 1, true);
  }

  private int purgeEntityState(EngineState s, HubState h, String instanceId, long now)
      throws SQLException {
    String id = EntityIds.normalize(instanceId);
    EntityRuntime e = writes.stored().find(s, h, id);
    if (e == null || e.state() == null) {
      return 0;
    }
    e.setState(null, now);
    writes.persist(e);
    return 1;
  }

  /**
   * Purges instances that finished before {@code cutoff}, oldest first, within one turn's budget
   * (the retention, writer thread); returns how many are gone. An instance whose history exceeds
   * what is left of the budget is partly deleted and stays the oldest, so the next turn goes on
   * with it.
   */
  public int purgeFinishedBefore(EngineState s, long cutoff) throws SQLException {
    int budget = ROWS_PER_TURN;
    int purged = 0;
    for (String[] key : store.orchestrations().finishedBefore(cutoff, ROWS_PER_TURN)) {
      if (budget <= 0) {
        break;
      }
      OrchestrationRuntime o = orchestrations.stored().find(s, key[0], key[1]);
      if (o != null && !o.isActive()) {
        Deleted d = purgeWithin(o, budget);
        budget -= d.rows();
        purged += d.gone() ? 1 : 0;
      }
    }
    return purged;
  }
}
