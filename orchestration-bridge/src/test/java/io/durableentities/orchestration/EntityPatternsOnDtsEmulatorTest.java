package io.durableentities.orchestration;

/** The entity patterns on the DTS emulator; skipped without Docker. */
class EntityPatternsOnDtsEmulatorTest extends EntityPatternsScenarios {
  EntityPatternsOnDtsEmulatorTest() {
    super(SchedulerBackend.DTS_EMULATOR);
  }
}
