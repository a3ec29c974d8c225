package io.durableentities.orchestration;

/** The orchestration scenarios on the DTS emulator; skipped without Docker. */
class OrchestrationsOnDtsEmulatorTest extends OrchestrationsScenarios {
  OrchestrationsOnDtsEmulatorTest() {
    super(SchedulerBackend.DTS_EMULATOR);
  }
}
