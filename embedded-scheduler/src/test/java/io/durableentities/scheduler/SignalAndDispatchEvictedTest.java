package io.durableentities.scheduler;

/**
 * Every test of {@link SignalAndDispatchTest} again on a data directory with {@code
 * maxResidentEntities(0)}: each idle entity leaves memory after every commit and is read back from
 * the database for its next message, so each step of these scenarios finds its entity where only
 * the store has it.
 */
class SignalAndDispatchEvictedTest extends SignalAndDispatchTest {

  @Override
  SchedulerHarness harness() {
    return SchedulerHarness.evictingIdleEntities(b -> b);
  }
}
