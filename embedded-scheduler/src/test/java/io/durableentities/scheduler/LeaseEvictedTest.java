package io.durableentities.scheduler;

import java.util.function.UnaryOperator;

/**
 * Every test of {@link LeaseTest} again on a data directory with {@code maxResidentEntities(0)}:
 * each idle entity leaves memory after every commit, so redelivery, expiry and stale tokens are
 * checked against entities read back from the database.
 */
class LeaseEvictedTest extends LeaseTest {

  @Override
  SchedulerHarness harness(UnaryOperator<SchedulerOptions.Builder> options) {
    return SchedulerHarness.evictingIdleEntities(options);
  }
}
