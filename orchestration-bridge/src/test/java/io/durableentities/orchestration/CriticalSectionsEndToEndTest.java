package io.durableentities.orchestration;

/** The critical-section scenarios on the embedded scheduler. */
class CriticalSectionsEndToEndTest extends CriticalSectionsScenarios {
  CriticalSectionsEndToEndTest() {
    super(SchedulerBackend.EMBEDDED_SCHEDULER);
  }
}
