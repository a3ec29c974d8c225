package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.History.T0;

/** Histories the rewind tests share (the worker's rewind, directly and over gRPC). */
final class RewindHistories {

  private RewindHistories() {}

  /**
   * A then B; B failed; the backend recorded the failure and asks for a rewind: episodes at T0 + 10
   * s and T0 + 20 s, the rewind's new events at T0 + 30 s.
   */
  static History failedAtB() {
    return History.started("Orch", null)
        .taskScheduled(0, "A")
        .episode(T0.plusSeconds(10))
        .taskCompleted(0, "1")
        .taskScheduled(1, "B")
        .episode(T0.plusSeconds(20))
        .taskFailed(1, "java.io.IOException", "downstream down")
        .executionFailed("java.io.IOException", "downstream down")
        .newEvents(T0.plusSeconds(30))
        .executionRewound("fixed", null);
  }
}
