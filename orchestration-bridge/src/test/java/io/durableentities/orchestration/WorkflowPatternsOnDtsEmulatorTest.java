package io.durableentities.orchestration;

/** The workflow patterns on the DTS emulator; skipped without Docker. */
class WorkflowPatternsOnDtsEmulatorTest extends WorkflowPatternsScenarios {
  WorkflowPatternsOnDtsEmulatorTest() {
    super(SchedulerBackend.DTS_EMULATOR);
  }
}
