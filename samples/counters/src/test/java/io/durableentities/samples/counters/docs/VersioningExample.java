package io.durableentities.samples.counters.docs;

import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.orchestration.ScheduleOptions;

/** The orchestrations page's versioning examples: a versioned worker and versioned starts. */
final class VersioningExample {

  private VersioningExample() {}

  static DurableWorker versionedWorker(String connectionString, Orchestrations registry) {
    // docs:start versioned-worker
    DurableWorker worker =
        DurableWorker.newBuilder(connectionString)
            .extension(
                OrchestrationWorker.newBuilder(registry)
                    .versioning(
                        OrchestrationVersioning.newBuilder()
                            .version("2.0") // the code this worker runs
                            .matchStrategy(OrchestrationVersioning.MatchStrategy.CURRENT_OR_OLDER)
                            .failureStrategy(OrchestrationVersioning.FailureStrategy.REJECT)
                            .defaultVersion("2.0") // for sub-orchestrations started without one
                            .build())
                    .build())
            .start();
    // docs:end versioned-worker
    return worker;
  }

  static String versionedStarts(OrchestrationClient orchestrations) {
    // docs:start versioned-start
    String explicit =
        orchestrations.scheduleNew(
            "VersionedCheckout",
            "order-1",
            ScheduleOptions.newBuilder().instanceId("order-1").version("2.0").build());
    OrchestrationClient v2 = orchestrations.withDefaultVersion("2.0");
    String defaulted = v2.scheduleNew("VersionedCheckout", "order-2"); // also version 2.0
    // docs:end versioned-start
    return explicit + "," + defaulted;
  }
}
