package io.durableentities.orchestration;

/** The critical-section scenarios on the DTS emulator; skipped without Docker. */
class CriticalSectionsOnDtsEmulatorTest extends CriticalSectionsScenarios {
  CriticalSectionsOnDtsEmulatorTest() {
    super(SchedulerBackend.DTS_EMULATOR);
  }
}
