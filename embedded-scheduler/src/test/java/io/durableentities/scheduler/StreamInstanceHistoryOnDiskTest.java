package io.durableentities.scheduler;

/**
 * Every test of {@link StreamInstanceHistoryTest} again on a data directory: finished instances
 * leave memory after their completion is committed and are read back on the read-only connections
 * (outside the writer lock) or, for a request that changes one, on the writer's connection.
 */
class StreamInstanceHistoryOnDiskTest extends StreamInstanceHistoryTest {

  @Override
  SchedulerHarness harness() {
    return SchedulerHarness.evictingIdleEntities(b -> b);
  }
}
