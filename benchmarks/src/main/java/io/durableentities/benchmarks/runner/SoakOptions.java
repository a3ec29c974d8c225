package io.durableentities.benchmarks.runner;

import java.time.Duration;

/**
 * The sizes of the soak scenario (g), issue #18 item 6.
 *
 * @param entities distinct entities signalled once each before the steady load (the fill)
 * @param workingSet entities the steady load signals, a window that rolls over the filled ones
 * @param rateFraction the steady signal rate as a fraction of the fill's closed-loop rate (the
 *     stand-in for (a)'s rate: 64 senders waiting for their acknowledgements, same scheduler)
 * @param orchestrationRate orchestrations started per second during the steady load
 * @param orchestrations the orchestrations the steady load starts at least: it runs on past its
 *     duration until that many were started (at most twice the duration), so that a rate the
 *     machine falls short of now and then still reaches the total; 0 for none
 * @param retention the scheduler's {@code --instance-retention}
 * @param duration how long the steady load runs
 * @param heapMib the scheduler process's {@code -Xmx} in MiB: the heap bound the soak checks
 * @param maxResidentEntities the scheduler's {@code --max-resident-entities}
 * @param dedupWindow the scheduler's {@code --dedup-window}
 * @param cleanInterval the scheduler's {@code --clean-entity-storage-interval}
 * @param sampleInterval how often the series is sampled
 */
public record SoakOptions(
    int entities,
    int workingSet,
    double rateFraction,
    double orchestrationRate,
    long orchestrations,
    Duration retention,
    Duration duration,
    int heapMib,
    int maxResidentEntities,
    Duration dedupWindow,
    Duration cleanInterval,
    Duration sampleInterval) {

  /** How long the rolling working set takes to move on by its own size. */
  static final Duration WORKING_SET_TURNOVER = Duration.ofMinutes(5);

  /**
   * The soak: 10,000,000 entities, then half the fill's rate over 1,000,000 of them for 30
   * minutes, with 556 orchestrations/s (1,000,000 in 30 minutes; the load runs on until 1,000,000
   * were started) kept for 1 minute.
   */
  static SoakOptions defaults() {
    return new SoakOptions(
        10_000_000,
        1_000_000,
        0.5,
        556,
        1_000_000,
        Duration.ofMinutes(1),
        Duration.ofMinutes(30),
        256,
        100_000,
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10));
  }

  /** The sizes of {@code --quick}: about a minute and a half. */
  static SoakOptions quick() {
    return new SoakOptions(
        20_000,
        5_000,
        0.5,
        50,
        0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        256,
        2_000,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2));
  }

  /** Checks the sizes. */
  public SoakOptions {
    if (entities < 1 || workingSet < 1 || workingSet > entities) {
      throw new IllegalArgumentException(
          "the soak needs 1 <= working set <= entities, was "
              + workingSet
              + " of "
              + entities
              + " (--soak-working-set, --soak-entities)");
    }
    if (!(rateFraction > 0) || !(orchestrationRate >= 0)) {
      throw new IllegalArgumentException(
          "the soak needs a rate fraction above 0 and an orchestration rate of at least 0, was "
              + rateFraction
              + " and "
              + orchestrationRate);
    }
    if (orchestrations < 0) {
      throw new IllegalArgumentException(
          "--soak-orchestrations must be at least 0, was " + orchestrations);
    }
    if (orchestrations > 0 && !(orchestrationRate > 0)) {
      throw new IllegalArgumentException(
          "--soak-orchestrations "
              + orchestrations
              + " needs an orchestration rate above 0 (--soak-orchestration-rate), was "
              + orchestrationRate);
    }
    if (heapMib < 64) {
      throw new IllegalArgumentException(
          "--soak-heap must be at least 64 (MiB) for the scheduler to start, was " + heapMib);
    }
  }

  /** The longest the steady load runs while it has not started {@link #orchestrations()} yet. */
  Duration longestSteadyLoad() {
    return duration.multipliedBy(2);
  }

  /** The first part of the steady load, excluded from the rate comparison. */
  Duration warmup() {
    return min(Duration.ofMinutes(1), duration.dividedBy(10));
  }

  /** The length of the first and last rate windows compared. */
  Duration rateWindow() {
    return min(Duration.ofMinutes(5), duration.dividedBy(3));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
