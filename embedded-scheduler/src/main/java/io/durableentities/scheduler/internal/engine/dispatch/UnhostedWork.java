package io.durableentities.scheduler.internal.engine.dispatch;

import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.UnhostedNames;
import io.durableentities.scheduler.internal.engine.state.UnhostedNames.Key;
import io.durableentities.scheduler.internal.engine.state.UnhostedNames.Kind;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that waits for a name no connected worker hosts never waits silently: a warning names the
 * entity, orchestration (with its version) or activity name, the task hub and an example of what
 * waits, once the name has waited unhosted for {@link #GRACE_MILLIS} and then at most once per
 * {@link #PERIOD_MILLIS}. What a worker hosts comes from its {@code GetWorkItems} {@code
 * workItemFilters}, versions included (an orchestration instance whose version no filter of its
 * name lists waits as if its name were unhosted); a worker that sends none hosts everything.
 * Waiting stays the semantics (as in DTS): a worker that connects later gets the work.
 *
 * <p>Also answers the dashboard's question whether a name is hosted.
 */
public final class UnhostedWork {

  private static final Logger log = LoggerFactory.getLogger(UnhostedWork.class);

  /** How long a name waits unhosted before the first warning (workers may be starting). */
  public static final long GRACE_MILLIS = 5_000;

  /** The least time between two warnings about the same name. */
  public static final long PERIOD_MILLIS = 5 * 60_000;

  /** How often the waiting work is looked at. */
  static final long CHECK_INTERVAL_MILLIS = 1_000;

  /** Whether a connected worker of the hub hosts entities of this name. */
  public static boolean hostsEntity(HubState h, String entityName) {
    return any(h, s -> s.accepts(entityName));
  }

  /**
   * Whether a connected worker of the hub takes instances of this orchestration and version (null
   * or empty: none), by the names and versions of its work-item filters.
   */
  public static boolean hostsOrchestration(HubState h, String name, String version) {
    return any(h, s -> s.acceptsOrchestration(name, version));
  }

  private static boolean any(HubState h, Predicate<WorkStream> accepts) {
    for (WorkStream s : h.streams()) {
      if (!s.isClosed() && accepts.test(s)) {
        return true;
      }
    }
    return false;
  }

  /** Looks at the waiting work (at most once per check interval) and warns (writer thread). */
  public void check(EngineState s, long now) {
    UnhostedNames names = s.unhosted();
    if (!names.checkDue(now, CHECK_INTERVAL_MILLIS)) {
      return;
    }
    Map<Key, String> waiting = new LinkedHashMap<>();
    for (HubState h : s.hubs()) {
      for (String name : h.readyEntityNames()) {
        if (!hostsEntity(h, name)) {
          List<EntityRuntime> some = h.readyEntities(name, 1);
          waiting.put(
              new Key(h.name(), Kind.ENTITY, name),
              some.isEmpty() ? "" : " (for example entity " + some.get(0).instanceId() + ")");
        }
      }
      if (!any(h, st -> st.takes().orchestrationNames() == null)) {
        for (OrchestrationRuntime o : h.readyOrchestrations()) {
          if (!any(h, st -> st.acceptsOrchestration(o.name(), o.version()))) {
            // quoted by the warning as 'name' version 'v'
            String named =
                o.version() == null || o.version().isEmpty()
                    ? o.name()
                    : o.name() + "' version '" + o.version();
            waiting.putIfAbsent(
                new Key(h.name(), Kind.ORCHESTRATION, named),
                " (for example instance "
                    + o.instanceId()
                    + (any(h, st -> st.acceptsOrchestration(o.name()))
                        ? "; connected workers take other versions of it, so start one that runs"
                            + " this version"
                        : "")
                    + ")");
          }
        }
      }
      if (!any(h, st -> st.takes().activityNames() == null)) {
        for (ActivityTask a : h.activities().ready()) {
          String name = a.request().getName();
          if (!any(h, st -> st.acceptsActivity(name))) {
            waiting.putIfAbsent(
                new Key(h.name(), Kind.ACTIVITY, name),
                " (for example one scheduled by orchestration " + a.instanceId() + ")");
          }
        }
      }
    }
    for (Key k : names.update(waiting.keySet(), now, GRACE_MILLIS, PERIOD_MILLIS)) {
      log.warn(
          "Work waits for {} '{}' in task hub {}{}, but no connected worker hosts it: no worker is"
              + " connected to the hub, or their GetWorkItems filters leave it out. It waits until"
              + " one does; register it on a worker, or check the name (a typo waits forever)."
              + " Next warning about it in {} min at the earliest.",
          k.kind().label(),
          k.name(),
          k.hub(),
          waiting.get(k),
          PERIOD_MILLIS / 60_000);
    }
  }
}
