package io.durableentities.orchestration;

/** The workflow patterns on the embedded scheduler. */
class WorkflowPatternsEndToEndTest extends WorkflowPatternsScenarios {
  WorkflowPatternsEndToEndTest() {
    super(SchedulerBackend.EMBEDDED_SCHEDULER);
  }
}
