package io.durableentities.scheduler.internal.engine;

import io.grpc.Status;
import java.sql.SQLException;
import java.util.List;

/**
 * Purges one instance on the writer thread: a finished orchestration (with, when recursive, its
 * finished sub-orchestrations) is deleted with its history; an id starting with {@code @} purges
 * that entity's state instead, whatever the request's {@code isOrchestration} says.
 */
final class InstancePurger {

  private final Engine engine;

  InstancePurger(Engine engine) {
    this.engine = engine;
  }

  int purgeOne(HubState h, String instanceId, boolean recursive, long now) throws SQLException {
    if (instanceId.startsWith("@")) {
      String id = EntityIds.normalize(instanceId);
      EntityRuntime e = engine.stored.find(h, id);
      if (e == null || e.state == null) {
        return 0;
      }
      e.state = null;
      e.lastModified = now;
      engine.persist(e);
      return 1;
    }
    OrchestrationRuntime o = h.instances.get(instanceId);
    if (o == null) {
      return 0;
    }
    if (o.isActive()) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "PurgeInstances: orchestration '"
                  + instanceId
                  + "' is "
                  + o.status
                  + "; only finished instances can be purged (terminate it first)")
          .asRuntimeException();
    }
    int n = 1;
    engine.orchestrations.forget(o);
    if (recursive) {
      for (OrchestrationRuntime child : List.copyOf(h.instances.values())) {
        if (child.parent != null
            && child.parent.getOrchestrationInstance().getInstanceId().equals(instanceId)
            && !child.isActive()) {
          n += purgeOne(h, child.instanceId, true, now);
        }
      }
    }
    return n;
  }
}
