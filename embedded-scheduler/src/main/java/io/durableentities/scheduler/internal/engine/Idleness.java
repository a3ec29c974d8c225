package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the engine is idle at one moment of its writer, and what is due next: the answer a
 * virtual clock needs before it may move (see {@link Engine#idleness()}). Idle means nothing could
 * happen without the clock moving: no work ready for dispatch (whether or not a worker takes it),
 * no work item leased to a worker and not yet completed, no lock message to process, no waiting
 * call still to be answered for a change of this group.
 *
 * @param now the engine's time (epoch milliseconds) when the answer was taken
 * @param idle whether nothing could happen without the clock moving
 * @param nextDueAt when the earliest timer is due (epoch milliseconds; {@link Long#MAX_VALUE} when
 *     there is none); it may be at or before {@code now} until the maintenance has run
 * @param busy what keeps the engine busy, for messages (empty when idle)
 */
public record Idleness(long now, boolean idle, long nextDueAt, List<String> busy) {

  /** How many busy items an answer names at most. */
  static final int MAX_NAMED = 5;

  public Idleness {
    busy = List.copyOf(busy);
  }

  /** Reads a state (the writer holds the lock); {@code s} null means none is loaded. */
  static Idleness of(EngineState s, long now) {
    if (s == null) {
      return new Idleness(now, false, Long.MAX_VALUE, List.of("the state is being reloaded"));
    }
    List<String> busy = new ArrayList<>();
    long next = Long.MAX_VALUE;
    int leased = 0;
    for (HubState h : s.hubs()) {
      busy.addAll(h.runnableWork());
      leased += h.leases().entityLeases().size() + h.leases().taskLeases().size();
      next = Math.min(next, h.nextTimerAt());
    }
    if (busy.size() > MAX_NAMED) {
      int more = busy.size() - MAX_NAMED;
      busy = new ArrayList<>(busy.subList(0, MAX_NAMED));
      busy.add(more + " more ready work item(s)");
    }
    if (leased > 0) {
      busy.add(leased + " work item(s) leased to workers and not yet completed");
    }
    if (s.hasUnnotifiedChanges()) {
      busy.add("changes of this commit not yet told to waiting calls");
    }
    return new Idleness(now, busy.isEmpty(), next, busy);
  }
}
