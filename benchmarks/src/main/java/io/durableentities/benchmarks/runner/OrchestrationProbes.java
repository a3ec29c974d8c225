package io.durableentities.benchmarks.runner;

import io.durableentities.orchestration.OrchestrationContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the benchmark orchestrations and activities report to the runner in the same process:
 * orchestrator work items run, activities run, orchestrations finished, and the latency of each
 * durable step (issued in one work item, resumed with its result in a later one).
 *
 * <p>Only code that is not replaying reports, so each step is counted once.
 */
final class OrchestrationProbes {

  private static final AtomicLong EPISODES = new AtomicLong();
  private static final AtomicLong ACTIVITIES = new AtomicLong();
  private static final AtomicLong FINISHED = new AtomicLong();
  private static final Map<String, Long> ISSUED = new ConcurrentHashMap<>();
  private static volatile LatencyRecorder steps = new LatencyRecorder();
  private static volatile Semaphore slots = new Semaphore(Integer.MAX_VALUE);

  private OrchestrationProbes() {}

  /** Called first in every orchestrator work item (one run of the orchestration function). */
  static void episode() {
    EPISODES.incrementAndGet();
  }

  /** Called by every activity execution. */
  static void activity() {
    ACTIVITIES.incrementAndGet();
  }

  /** Marks when a durable step (call, lock) is issued, unless replaying. */
  static void issue(OrchestrationContext ctx) {
    if (!ctx.isReplaying()) {
      ISSUED.put(ctx.instanceId(), System.nanoTime());
    }
  }

  /** Records the step's latency when its result resumed the orchestration (not replaying). */
  static void resumed(OrchestrationContext ctx) {
    if (!ctx.isReplaying()) {
      Long issued = ISSUED.get(ctx.instanceId());
      if (issued != null) {
        steps.record(System.nanoTime() - issued);
      }
    }
  }

  /** Counts a finished orchestration and frees its slot, unless replaying. */
  static void finished(OrchestrationContext ctx) {
    if (!ctx.isReplaying()) {
      ISSUED.remove(ctx.instanceId());
      FINISHED.incrementAndGet();
      slots.release();
    }
  }

  static long episodes() {
    return EPISODES.get();
  }

  static long activities() {
    return ACTIVITIES.get();
  }

  static long finishedCount() {
    return FINISHED.get();
  }

  static LatencyRecorder steps() {
    return steps;
  }

  /**
   * Starts counting from zero with a number of concurrent orchestrations.
   *
   * @param concurrency how many orchestrations may be in flight
   * @return the slots the load generator takes one of before each start
   */
  static Semaphore reset(int concurrency) {
    EPISODES.set(0);
    ACTIVITIES.set(0);
    FINISHED.set(0);
    ISSUED.clear();
    steps = new LatencyRecorder();
    slots = new Semaphore(concurrency);
    return slots;
  }
}
