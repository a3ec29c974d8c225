package io.durableentities.scheduler.internal.engine.dispatch;

import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open work-item streams. They are connections, not stored data, so they outlive the engine's
 * state: each new state gets them attached again ({@link #attachTo}). Changed only under the writer
 * lock.
 */
public final class StreamRegistry {

  private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

  private final WriterLock lock;
  private final AtomicLong ids = new AtomicLong();
  private final List<WorkStream> open = new ArrayList<>();

  public StreamRegistry(WriterLock lock) {
    this.lock = lock;
  }

  /**
   * A stream for a worker's request (on the caller's thread; registered later by {@link #add}).
   * Entity filters apply when the worker sends any filter; {@code maxConcurrentEntityWorkItems} of
   * 0 means the default, never "none". {@code readsEntityTraces}: see {@link
   * WorkStream.Takes#readsEntityTraces}.
   */
  public WorkStream newStream(
      String hub,
      Object connection,
      ServerCallStreamObserver<WorkItem> observer,
      GetWorkItemsRequest req,
      boolean readsEntityTraces) {
    Set<String> names = null;
    Map<String, Set<String>> orchestrationNames = null;
    Set<String> activityNames = null;
    if (req.hasWorkItemFilters()) {
      WorkItemFilters f = req.getWorkItemFilters();
      if (f.getOrchestrationsCount() + f.getActivitiesCount() + f.getEntitiesCount() > 0) {
        names =
            f.getEntitiesList().stream()
                .map(n -> n.getName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        Map<String, Set<String>> byName = new HashMap<>();
        for (OrchestrationFilter o : f.getOrchestrationsList()) {
          // a name sent twice takes the versions of both; a name without versions takes all
          Set<String> versions = byName.computeIfAbsent(o.getName(), n -> new HashSet<>());
          if (o.getVersionsCount() == 0) {
            versions.add(ANY_VERSION);
          } else {
            versions.addAll(o.getVersionsList());
          }
        }
        orchestrationNames = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : byName.entrySet()) {
          orchestrationNames.put(
              e.getKey(), e.getValue().contains(ANY_VERSION) ? Set.of() : Set.copyOf(e.getValue()));
        }
        orchestrationNames = Map.copyOf(orchestrationNames);
        activityNames =
            f.getActivitiesList().stream()
                .map(n -> n.getName())
                .collect(Collectors.toUnmodifiableSet());
      }
    }
    WorkStream.Takes takes =
        new WorkStream.Takes(
            names,
            orchestrationNames,
            activityNames,
            positiveOr(
                req.getMaxConcurrentEntityWorkItems(), EngineConfig.DEFAULT_MAX_ENTITY_WORK_ITEMS),
            positiveOr(
                req.getMaxConcurrentOrchestrationWorkItems(),
                EngineConfig.DEFAULT_MAX_TASK_WORK_ITEMS),
            positiveOr(
                req.getMaxConcurrentActivityWorkItems(), EngineConfig.DEFAULT_MAX_TASK_WORK_ITEMS),
            req.getMaxConcurrentEntityWorkItems() > 0 || (names != null && !names.isEmpty()),
            readsEntityTraces);
    return new WorkStream(ids.incrementAndGet(), hub, connection, observer, takes, lock);
  }

  /** Marks a filter without versions while filters are merged (not a valid version string). */
  private static final String ANY_VERSION = "\u0000any";

  private static int positiveOr(int value, int fallback) {
    return value > 0 ? value : fallback;
  }

  /** Registers a stream and attaches it to the state (if any); work is dispatched to it. */
  public void add(WorkStream stream, EngineState s) {
    lock.beforeChange();
    if (stream.isClosed()) {
      return;
    }
    open.add(stream);
    if (s != null) {
      s.hubOrCreate(stream.hub()).addStream(stream);
    }
    log.info(
        "Worker {} connected to hub {} (entities: {}, max {} in flight)",
        stream,
        stream.hub(),
        stream.takes().entityNames() == null ? "all" : stream.takes().entityNames(),
        stream.takes().maxEntities());
  }

  /** Unregisters a stream that ended (the caller releases its leases). */
  public void remove(WorkStream stream, EngineState s) {
    lock.beforeChange();
    stream.markClosed();
    open.remove(stream);
    if (s != null && s.hub(stream.hub()) != null) {
      s.hub(stream.hub()).removeStream(stream);
    }
    log.info("Worker {} disconnected from hub {}", stream, stream.hub());
  }

  /** Attaches every open stream to a new state; the leases of the old one are gone with it. */
  public void attachTo(EngineState s) {
    lock.beforeChange();
    for (WorkStream stream : open) {
      stream.dropLeases();
      if (!stream.isClosed()) {
        s.hubOrCreate(stream.hub()).addStream(stream);
      }
    }
  }

  /** Completes every open stream (shutdown). */
  public void completeAll() {
    lock.beforeChange();
    for (WorkStream s : List.copyOf(open)) {
      if (!s.complete()) {
        log.debug("Could not complete {}", s);
      }
    }
  }
}
