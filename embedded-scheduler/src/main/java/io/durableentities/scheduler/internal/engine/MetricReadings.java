package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.durableentities.scheduler.internal.engine.write.GroupCommitWriter;
import io.durableentities.scheduler.internal.telemetry.GaugeReadings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Computes the {@link GaugeReadings} of the scheduler's observable metrics on the writer thread: a
 * collection submits a piece of work to the {@link GroupCommitWriter} like any request, and the
 * piece copies what the metrics report out of memory while it holds the writer lock ({@link
 * CurrentState#orNull()} refuses any other caller). So the metric reader's thread never touches the
 * engine's memory, and the readings are those between two groups.
 *
 * <p>The work is one pass over the resident entities and the leases, once per collection (every 60
 * s with the SDK's default periodic reader), plus the per-name counts of the stored messages memory
 * lacks that {@link io.durableentities.scheduler.internal.engine.state.QueueLoad} keeps (no store
 * read); without an SDK it never runs. While the fill of the backlog table after a start or a
 * reload runs those counts are partial, and no queue reading is given (the gauges skip that
 * collection).
 */
final class MetricReadings {

  private final GroupCommitWriter writer;
  private final CurrentState current;

  MetricReadings(GroupCommitWriter writer, CurrentState current) {
    this.writer = writer;
    this.current = current;
  }

  /** Computes the readings on the writer; completes after its group. */
  CompletableFuture<GaugeReadings> read() {
    return writer.submit(ctx -> of(current.orNull(), ctx.now()));
  }

  /** The readings of a state at {@code now} (the caller holds the writer lock). */
  static GaugeReadings of(EngineState s, long now) {
    if (s == null) {
      return GaugeReadings.NONE;
    }
    List<GaugeReadings.Queue> queues = new ArrayList<>();
    List<GaugeReadings.Leases> leases = new ArrayList<>();
    boolean queuesKnown = !s.queueLoad().filling();
    for (HubState hub : s.hubs()) {
      if (queuesKnown) {
        queues(s, hub, now, queues);
      }
      long orchestrators = 0;
      long activities = 0;
      for (TaskLease l : hub.leases().taskLeases()) {
        if (l.orchestration() != null) {
          orchestrators++;
        } else {
          activities++;
        }
      }
      leases.add(
          new GaugeReadings.Leases(hub.name(), "entity", hub.leases().entityLeases().size()));
      leases.add(new GaugeReadings.Leases(hub.name(), "orchestrator", orchestrators));
      leases.add(new GaugeReadings.Leases(hub.name(), "activity", activities));
    }
    return new GaugeReadings(queues, queuesKnown, leases, s.residentEntities());
  }

  /** The queue readings of a hub: per entity name, in memory and on disk. */
  private static void queues(
      EngineState s, HubState hub, long now, List<GaugeReadings.Queue> queues) {
    // depth, oldest enqueue time in memory (MAX_VALUE: none in memory)
    Map<String, long[]> byName = new TreeMap<>();
    for (EntityRuntime e : hub.entities().values()) {
      List<QueuedMessage> queue = e.queue();
      if (queue.isEmpty()) {
        continue;
      }
      long[] depthAndOldest = byName.computeIfAbsent(e.name(), n -> new long[] {0, Long.MAX_VALUE});
      depthAndOldest[0] += queue.size();
      depthAndOldest[1] = Math.min(depthAndOldest[1], queue.get(0).enqueuedAt());
    }
    // The stored messages memory lacks (spilled, or not read yet): counted per name by the backlog.
    s.queueLoad()
        .onDisk(hub.name())
        .forEach(
            (name, n) -> byName.computeIfAbsent(name, k -> new long[] {0, Long.MAX_VALUE})[0] += n);
    byName.forEach(
        (name, d) ->
            queues.add(
                new GaugeReadings.Queue(
                    hub.name(),
                    name,
                    d[0],
                    d[1] == Long.MAX_VALUE ? -1 : Math.max(0, now - d[1]))));
  }
}
