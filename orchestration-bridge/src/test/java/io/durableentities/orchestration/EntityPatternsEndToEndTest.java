package io.durableentities.orchestration;

/** The entity patterns on the embedded scheduler. */
class EntityPatternsEndToEndTest extends EntityPatternsScenarios {
  EntityPatternsEndToEndTest() {
    super(SchedulerBackend.EMBEDDED_SCHEDULER);
  }
}
