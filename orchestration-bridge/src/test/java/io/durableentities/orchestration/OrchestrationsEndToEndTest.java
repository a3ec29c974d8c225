package io.durableentities.orchestration;

/** The orchestration scenarios on the embedded scheduler. */
class OrchestrationsEndToEndTest extends OrchestrationsScenarios {
  OrchestrationsEndToEndTest() {
    super(SchedulerBackend.EMBEDDED_SCHEDULER);
  }
}
